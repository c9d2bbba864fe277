// The model API (SPEC §4.3), one declaration per route: schemas, documentation and handler together.
// Handlers receive parsed input, call one service function and map the result (ARCHITECTURE "Thin edges").
import { ValidationError, type Model, rebalanceOptionsFromJson, rebalanceOptionsToJson } from "@ogs/domain";
import { API_PREFIX, TOTAL_COUNT_HEADER } from "../../http/openapi.js";
import { defineRoute, requiredHeader, type Route } from "../../http/route.js";
import { z } from "../../http/zod.js";
import { ModelRebalanceOptionsInput, ModelRebalanceOptionsOutput } from "../rebalance-options/schemas.js";
import { toStoreListQuery } from "./list-query.js";
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
import type { ModelService } from "./service.js";
import { modelToWire, positionFromWire } from "./wire.js";

const MODELS_PATH = `${API_PREFIX}/models`;
const MODEL_PATH = `${API_PREFIX}/model/{model_id}`;
const tags = ["models"];
const updated = { 200: { description: "The updated model", body: ModelOutput } } as const;
const WRITE_PROBLEMS = [400, 404, 409, 413, 415, 422, 503] as const;

/** Sub-resource writes take an optional version in the query or the body (SPEC §4.3); both must agree. */
function subResourceVersion(queryVersion: string | undefined, bodyVersion: number | undefined): number | undefined {
  const fromQuery = queryVersion === undefined ? undefined : Number(queryVersion);
  if (fromQuery !== undefined && bodyVersion !== undefined && fromQuery !== bodyVersion) {
    throw new ValidationError(
      `The request is invalid: the query says version ${fromQuery} but the body says ${bodyVersion}.`,
      [{ field: "version", message: "query and body versions differ" }],
    );
  }
  return fromQuery ?? bodyVersion;
}

function listAndCreate(service: ModelService): Route[] {
  return [
    defineRoute({
      method: "get",
      path: MODELS_PATH,
      tags,
      summary: "List models",
      description:
        "Paging applies after sorting. Neither offset nor limit returns every model; without sort_by the order is insertion order.",
      query: ModelListQuery,
      responses: { 200: { description: "Models", body: z.array(ModelOutput), headers: TOTAL_COUNT_HEADER } },
      problems: [400, 503],
      async handler({ query }) {
        const page = await service.list(toStoreListQuery(query));
        return { status: 200, headers: { "X-Total-Count": String(page.total) }, body: page.models.map(modelToWire) };
      },
    }),
    defineRoute({
      method: "post",
      path: MODELS_PATH,
      tags,
      summary: "Create a model",
      body: { schema: ModelCreateInput, required: true },
      responses: {
        201: {
          description: "Created",
          body: ModelOutput,
          headers: { Location: requiredHeader("URI of the new model.") },
        },
      },
      problems: [400, 409, 413, 415, 422, 503],
      async handler({ body }) {
        const model = await service.create({
          name: body.name,
          positions: body.positions.map(positionFromWire),
          portfolios: body.portfolios,
        });
        return { status: 201, headers: { Location: `${API_PREFIX}/model/${model.id}` }, body: modelToWire(model) };
      },
    }),
  ];
}

function oneModel(service: ModelService): Route[] {
  return [
    defineRoute({
      method: "get",
      path: MODEL_PATH,
      tags,
      summary: "Get a model",
      params: ModelParams,
      responses: { 200: { description: "The model", body: ModelOutput } },
      problems: [400, 404, 503],
      async handler({ params }) {
        return { status: 200, body: modelToWire(await service.get(params.model_id.toLowerCase())) };
      },
    }),
    defineRoute({
      method: "put",
      path: MODEL_PATH,
      tags,
      summary: "Replace a model",
      description: "`version` must equal the stored version; the new version is one more.",
      params: ModelParams,
      body: { schema: ModelReplaceInput, required: true },
      responses: updated,
      problems: WRITE_PROBLEMS,
      async handler({ params, body }) {
        const lastRebalanceDate =
          body.last_rebalance_date === undefined
            ? undefined
            : body.last_rebalance_date === null
              ? null
              : new Date(body.last_rebalance_date);
        const model = await service.replace(
          params.model_id.toLowerCase(),
          body.version,
          { name: body.name, positions: body.positions.map(positionFromWire), portfolios: body.portfolios },
          lastRebalanceDate,
        );
        return { status: 200, body: modelToWire(model) };
      },
    }),
    defineRoute({
      method: "delete",
      path: MODEL_PATH,
      tags,
      summary: "Delete a model",
      description: "Deletes the model at `version`, whether or not it still has portfolios (the original's behaviour).",
      params: ModelParams,
      query: RequiredVersionQuery,
      responses: { 204: { description: "Deleted" } },
      problems: [400, 404, 409, 503],
      async handler({ params, query }) {
        await service.remove(params.model_id.toLowerCase(), Number(query.version));
        return { status: 204 };
      },
    }),
  ];
}

function positions(service: ModelService): Route[] {
  const changes = [
    ["post", "Add a position", "The security must not already be in the model.", service.addPosition],
    [
      "put",
      "Replace a position",
      "The security must be in the model; target and drifts are replaced.",
      service.replacePosition,
    ],
    [
      "delete",
      "Remove a position",
      "Removed only if target and both drifts equal the stored values (409 otherwise).",
      service.removePosition,
    ],
  ] as const;
  return changes.map(([method, summary, description, change]) =>
    defineRoute({
      method,
      path: `${MODEL_PATH}/position`,
      tags,
      summary,
      description,
      params: ModelParams,
      query: OptionalVersionQuery,
      body: { schema: PositionChangeInput, required: true },
      responses: updated,
      problems: WRITE_PROBLEMS,
      async handler({ params, query, body }) {
        const version = subResourceVersion(query.version, body.version);
        return {
          status: 200,
          body: modelToWire(await change(params.model_id.toLowerCase(), version, positionFromWire(body))),
        };
      },
    }),
  );
}

function portfolios(service: ModelService): Route[] {
  const changes = [
    ["post", "Add portfolios", "Appended; ids already present are ignored.", service.addPortfolios],
    ["delete", "Remove portfolios", "Removed; ids that are not present are ignored.", service.removePortfolios],
  ] as const;
  return changes.map(([method, summary, description, change]) =>
    defineRoute({
      method,
      path: `${MODEL_PATH}/portfolio`,
      tags,
      summary,
      description,
      params: ModelParams,
      query: OptionalVersionQuery,
      body: { schema: PortfolioChangeInput, required: true },
      responses: updated,
      problems: WRITE_PROBLEMS,
      async handler({ params, query, body }) {
        const version = subResourceVersion(query.version, body.version);
        return {
          status: 200,
          body: modelToWire(await change(params.model_id.toLowerCase(), version, body.portfolios)),
        };
      },
    }),
  );
}

function rebalanceOptions(service: ModelService): Route[] {
  const path = `${MODEL_PATH}/rebalance-options`;
  const answer = (model: Model) => ({
    status: 200 as const,
    body: { model_id: model.id, version: model.version, options: rebalanceOptionsToJson(model.rebalanceOptions) },
  });
  return [
    defineRoute({
      method: "get",
      path,
      tags,
      summary: "A model's default trading options",
      description:
        "The options every rebalance of the model starts from; a request's `options` override them key by key. `{}` until set.",
      params: ModelParams,
      responses: { 200: { description: "The model's default options", body: ModelRebalanceOptionsOutput } },
      problems: [400, 404, 503],
      async handler({ params }) {
        return answer(await service.get(params.model_id.toLowerCase()));
      },
    }),
    defineRoute({
      method: "put",
      path,
      tags,
      summary: "Replace a model's default trading options",
      description:
        "Replaces them whole (`{}` clears them). A sub-resource: the model's PUT never changes them, but a change here moves the model's version on, like a position change. `version` (here or in the query) is checked like a PUT when given. Per-security entries must name securities of the model (422); entries for a security later removed from the model no longer apply.",
      params: ModelParams,
      query: OptionalVersionQuery,
      body: { schema: ModelRebalanceOptionsInput, required: true },
      responses: { 200: { description: "The model's default options", body: ModelRebalanceOptionsOutput } },
      problems: WRITE_PROBLEMS,
      async handler({ params, query, body }) {
        const version = subResourceVersion(query.version, body.version);
        return answer(
          await service.setRebalanceOptions(
            params.model_id.toLowerCase(),
            version,
            rebalanceOptionsFromJson(body.options),
          ),
        );
      },
    }),
  ];
}

export function createModelRoutes(service: ModelService): Route[] {
  return [
    ...listAndCreate(service),
    ...oneModel(service),
    ...positions(service),
    ...portfolios(service),
    ...rebalanceOptions(service),
  ];
}
