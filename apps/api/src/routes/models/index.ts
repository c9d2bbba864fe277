// The model resource (SPEC §4): its route declarations, wired from the model repository.
import type { ModelRepository } from "@ogs/store";
import type { Route } from "../../http/route.js";
import { createModelRoutes } from "./routes.js";
import { createModelService } from "./service.js";

export function modelRoutes(models: ModelRepository): Route[] {
  return createModelRoutes(createModelService(models));
}

export { createModelService, type ModelService } from "./service.js";
