// OpenAPI description of the model routes (SPEC §4.3), built from the schemas that validate them.
import type { OpenAPIRegistry, RouteConfig } from "@asteasolutions/zod-to-openapi";
import { API_PREFIX, problemResponses, responseHeader, TOTAL_COUNT_HEADER } from "../../http/openapi.js";
import { z } from "../../http/zod.js";
import {
  ModelCreateInput,
  ModelListQuery,
  ModelOutput,
  ModelParams,
  ModelReplaceInput,
  OptionalVersionQuery,
  PortfolioChangeInput,
  PositionChangeInput,
  RequiredVersionQuery,
} from "./schemas.js";

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const modelResponse = (description: string) => ({ description, ...json(ModelOutput) });
const MODEL_PATH = `${API_PREFIX}/model/{model_id}`;

export function documentModelRoutes(registry: OpenAPIRegistry): void {
  registry.register("Model", ModelOutput);
  const routes: RouteConfig[] = [
    {
      method: "get",
      path: `${API_PREFIX}/models`,
      summary: "List models",
      description:
        "Paging applies after sorting. Neither offset nor limit returns every model; without sort_by the order is insertion order.",
      request: { query: ModelListQuery },
      responses: {
        200: { description: "Models", headers: TOTAL_COUNT_HEADER, ...json(z.array(ModelOutput)) },
        ...problemResponses(400, 503),
      },
    },
    {
      method: "post",
      path: `${API_PREFIX}/models`,
      summary: "Create a model",
      request: { body: { required: true, ...json(ModelCreateInput) } },
      responses: {
        201: {
          ...modelResponse("Created"),
          headers: { Location: responseHeader("URI of the new model.", { required: true }) },
        },
        ...problemResponses(400, 409, 413, 415, 422, 503),
      },
    },
    {
      method: "get",
      path: MODEL_PATH,
      summary: "Get a model",
      request: { params: ModelParams },
      responses: { 200: modelResponse("The model"), ...problemResponses(400, 404, 503) },
    },
    {
      method: "put",
      path: MODEL_PATH,
      summary: "Replace a model",
      description: "`version` must equal the stored version; the new version is one more.",
      request: { params: ModelParams, body: { required: true, ...json(ModelReplaceInput) } },
      responses: { 200: modelResponse("The updated model"), ...problemResponses(400, 404, 409, 413, 415, 422, 503) },
    },
    {
      method: "delete",
      path: MODEL_PATH,
      summary: "Delete a model",
      description: "Deletes the model at `version`, whether or not it still has portfolios (the original's behaviour).",
      request: { params: ModelParams, query: RequiredVersionQuery },
      responses: { 204: { description: "Deleted" }, ...problemResponses(400, 404, 409, 503) },
    },
    ...(
      [
        ["post", "Add a position", "The security must not already be in the model."],
        ["put", "Replace a position", "The security must be in the model; target and drifts are replaced."],
        [
          "delete",
          "Remove a position",
          "Removed only if target and both drifts equal the stored values (409 otherwise).",
        ],
      ] as const
    ).map(([method, summary, description]) => ({
      method,
      path: `${MODEL_PATH}/position`,
      summary,
      description,
      request: {
        params: ModelParams,
        query: OptionalVersionQuery,
        body: { required: true, ...json(PositionChangeInput) },
      },
      responses: { 200: modelResponse("The updated model"), ...problemResponses(400, 404, 409, 413, 415, 422, 503) },
    })),
    ...(
      [
        ["post", "Add portfolios", "Appended; ids already present are ignored."],
        ["delete", "Remove portfolios", "Removed; ids that are not present are ignored."],
      ] as const
    ).map(([method, summary, description]) => ({
      method,
      path: `${MODEL_PATH}/portfolio`,
      summary,
      description,
      request: {
        params: ModelParams,
        query: OptionalVersionQuery,
        body: { required: true, ...json(PortfolioChangeInput) },
      },
      responses: { 200: modelResponse("The updated model"), ...problemResponses(400, 404, 409, 413, 415, 422, 503) },
    })),
  ];
  for (const route of routes) registry.registerPath({ tags: ["models"], ...route });
}
