// The `models` collection.
export { createModelRepository, type ModelRepository, type ModelListQuery, type ModelSortField } from "./repository.js";
export { MODELS_COLLECTION, type ModelDocument, type PositionDocument } from "./document.js";
