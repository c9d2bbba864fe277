// The model resource (SPEC §4): router + OpenAPI description, wired from the model repository.
import type { ModelRepository } from "@ogs/store";
import type { ApiRouter } from "../../http/openapi.js";
import { documentModelRoutes } from "./openapi.js";
import { createModelsRouter } from "./router.js";
import { createModelService } from "./service.js";

export function modelsApi(models: ModelRepository): ApiRouter {
  return { router: createModelsRouter(createModelService(models)), document: documentModelRoutes };
}

export { createModelService, type ModelService } from "./service.js";
