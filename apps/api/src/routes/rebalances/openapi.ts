// OpenAPI description of the rebalance routes (SPEC §5.5), built from the schemas that validate them.
import type { OpenAPIRegistry, ResponseConfig, RouteConfig } from "@asteasolutions/zod-to-openapi";
import { API_PREFIX, problemResponses, responseHeader, TOTAL_COUNT_HEADER } from "../../http/openapi.js";
import { z } from "../../http/zod.js";
import {
  AcceptedOutput,
  DeleteQuery,
  ModelRebalanceParams,
  PageQuery,
  RebalanceGetQuery,
  PortfolioDetailOutput,
  PortfolioQueryInput,
  PortfolioRebalanceParams,
  PositionDetailOutput,
  RebalanceDtoOutput,
  RebalanceListQuery,
  RebalanceOutput,
  RebalanceParams,
  RebalancePortfolioParams,
  RebalanceStatusOutput,
  PortfolioQueryQuery,
  SubmitInput,
} from "./schemas.js";

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
/** On the synchronous answers (the 200 body stays a bare list, as the portal expects it). */
const LINK = {
  Link: responseHeader(
    '`</api/v1/rebalance/{rebalance_id}>; rel="related"`: the rebalance this synchronous answer is about.',
  ),
};
/** Sent with `true` on every answer that is the original rebalance of a repeated Idempotency-Key. */
const REPLAYED = {
  "Idempotent-Replayed": responseHeader(
    "`true` when this answers a repeated Idempotency-Key with the original rebalance.",
  ),
};
const REBALANCE_PATH = `${API_PREFIX}/rebalance/{rebalance_id}`;
/** Conditional reads of a rebalance (the status view and the document). */
const CACHING = {
  ETag: responseHeader("Changes whenever the rebalance's status or progress does.", { required: true }),
  "Cache-Control": responseHeader("`no-cache` while it runs; `public, max-age=86400, immutable` once final.", {
    required: true,
  }),
};

/** Problem responses with route-specific descriptions. */
function problems(described: Record<number, string>, ...plain: number[]): Record<number, ResponseConfig> {
  const responses = problemResponses(...plain, ...Object.keys(described).map(Number));
  for (const [status, description] of Object.entries(described))
    responses[Number(status)] = { ...responses[Number(status)]!, description };
  return responses;
}

/** The same responses, with `headers` added to those of the given statuses. */
function withHeaders(
  responses: Record<number, ResponseConfig>,
  headers: Record<string, ReturnType<typeof responseHeader>>,
  statuses: number[],
): Record<number, ResponseConfig> {
  for (const status of statuses)
    responses[status] = { ...responses[status]!, headers: { ...responses[status]!.headers, ...headers } };
  return responses;
}

const SUBMIT_DESCRIPTION = [
  "Response modes (RFC 7240): with `Prefer: respond-async` or a `callback_url` the answer is 202 at once",
  "(`Preference-Applied: respond-async` when the preference was honoured). Otherwise the request waits for the",
  "rebalance up to SYNC_WAIT_MS (or `Prefer: wait=N` seconds, if shorter) and answers 200 as the original service",
  "does, or 202 when the wait runs out (poll `Location`, the status view). Every synchronous answer (200, 422, 503) names its rebalance:",
  '`Link: </api/v1/rebalance/{rebalance_id}>; rel="related"`, and `rebalance_id` in a problem.',
  "The same `Idempotency-Key` with the same request within 24 h",
  "returns the original rebalance (`Idempotent-Replayed: true`), even when the model has changed or is gone since;",
  "with a different request it is a 422.",
].join(" ");

function submitRoute(
  path: string,
  params: typeof ModelRebalanceParams | typeof PortfolioRebalanceParams,
  summary: string,
  extra: string,
  ok: { description: string; schema: z.ZodType },
): RouteConfig {
  return {
    method: "post",
    path,
    summary,
    description: `${extra} ${SUBMIT_DESCRIPTION}`,
    request: {
      params,
      headers: z.object({
        Prefer: z.string().optional().openapi({ example: "respond-async" }),
        "Idempotency-Key": z.string().optional().openapi({ example: "7b1f4c1e-5a8e-4f0e-9d55-0c7b8f8f3a11" }),
      }),
      body: { required: false, ...json(SubmitInput) },
    },
    responses: withHeaders(
      withHeaders(
        {
          200: {
            description: ok.description,
            headers: LINK,
            ...json(ok.schema),
          },
          202: {
            description: "Accepted; poll the Location.",
            headers: {
              Location: responseHeader("URI of the rebalance's status view (what to poll).", { required: true }),
              "Preference-Applied": responseHeader(
                "`respond-async` when `Prefer: respond-async` was honoured (RFC 7240).",
              ),
            },
            ...json(AcceptedOutput),
          },
          ...problems(
            {
              409: "A portfolio is already in an active rebalance (`detail` names it), or the Idempotency-Key is in use.",
              422: "callback_url not allowed, Idempotency-Key reused with another request, or (synchronous, one portfolio) it has no feasible solution (`no-feasible-solution`) or was not rebalanced (`portfolio-not-rebalanced`).",
              503: "MongoDB or Redis unavailable, or (synchronous) the rebalance stopped because a GlobeCo service is unavailable; `service` names it.",
            },
            400,
            404,
            413,
            415,
          ),
        },
        LINK,
        [404, 422, 503],
      ),
      REPLAYED,
      [200, 202, 404, 422, 503],
    ),
  };
}

export function documentRebalanceRoutes(registry: OpenAPIRegistry): void {
  for (const [name, schema] of Object.entries({
    RebalanceDTO: RebalanceDtoOutput,
    RebalanceAccepted: AcceptedOutput,
    Rebalance: RebalanceOutput,
    RebalanceStatus: RebalanceStatusOutput,
  }))
    registry.register(name, schema);
  const routes: RouteConfig[] = [
    submitRoute(
      `${API_PREFIX}/model/{model_id}/rebalance`,
      ModelRebalanceParams,
      "Rebalance every portfolio of a model",
      "A model without portfolios answers 200 `[]` and starts nothing (the original service).",
      {
        description:
          "Finished: one RebalanceDTO per portfolio in submission order; one that was infeasible or failed has empty `transactions` and `drifts`, its `status` and `error` (the original isolates portfolio failures). `[]` for a model without portfolios.",
        schema: z.array(RebalanceDtoOutput),
      },
    ),
    submitRoute(
      `${API_PREFIX}/portfolio/{portfolio_id}/rebalance`,
      PortfolioRebalanceParams,
      "Rebalance one portfolio against the model that holds it",
      "404 when no model holds the portfolio. Portfolio ids are unique only within one model, so several models may hold it: then the oldest model holding it (the first created) is used.",
      {
        description: "Finished: the portfolio's RebalanceDTO (one object, as the original service).",
        schema: RebalanceDtoOutput,
      },
    ),
    {
      method: "get",
      path: `${API_PREFIX}/rebalances`,
      summary: "List rebalances",
      description:
        "Whole rebalance documents, each with every portfolio (streamed), as the original service; `summary=true` lists status views only.",
      request: { query: RebalanceListQuery },
      responses: {
        200: {
          description: "Rebalances, newest first unless sorted.",
          headers: TOTAL_COUNT_HEADER,
          ...json(z.array(z.union([RebalanceOutput, RebalanceStatusOutput]))),
        },
        ...problemResponses(400, 503),
      },
    },
    {
      method: "post",
      path: `${API_PREFIX}/rebalances/portfolios`,
      summary: "Rebalances touching any of the given portfolios",
      description: "Whole documents, as the original service; `summary=true` lists status views only.",
      request: { query: PortfolioQueryQuery, body: { required: true, ...json(PortfolioQueryInput) } },
      responses: {
        200: {
          description: "Rebalances, newest first.",
          headers: TOTAL_COUNT_HEADER,
          ...json(z.array(z.union([RebalanceOutput, RebalanceStatusOutput]))),
        },
        ...problemResponses(400, 413, 415, 503),
      },
    },
    {
      method: "get",
      path: REBALANCE_PATH,
      summary: "One rebalance with status, progress and every portfolio",
      description:
        "The whole document, its portfolios streamed in submission order. Conditional: `ETag`, `If-None-Match` → 304; a finished rebalance never changes (`Cache-Control: immutable`). Pollers should read the status view instead.",
      request: { params: RebalanceParams, query: RebalanceGetQuery },
      responses: {
        200: { description: "The rebalance", headers: CACHING, ...json(RebalanceOutput) },
        304: { description: "Not modified since the `ETag` in `If-None-Match`.", headers: CACHING },
        ...problemResponses(400, 404, 503),
      },
    },
    {
      method: "get",
      path: `${REBALANCE_PATH}/status`,
      summary: "A rebalance's status and progress, without its portfolios (the view to poll)",
      description: "Conditional like the document: `ETag`, `If-None-Match` → 304.",
      request: { params: RebalanceParams },
      responses: {
        200: { description: "The status view", headers: CACHING, ...json(RebalanceStatusOutput) },
        304: { description: "Not modified since the `ETag` in `If-None-Match`.", headers: CACHING },
        ...problemResponses(400, 404, 503),
      },
    },
    {
      method: "delete",
      path: REBALANCE_PATH,
      summary: "Delete a finished rebalance and its results",
      request: { params: RebalanceParams, query: DeleteQuery },
      responses: {
        204: { description: "Deleted" },
        ...problems({ 409: "Stale version, or the rebalance is still queued or running." }, 400, 404, 503),
      },
    },
    {
      method: "get",
      path: `${REBALANCE_PATH}/portfolios`,
      summary:
        "The portfolios of a rebalance, paged, in submission order (the model's portfolio order when it was submitted)",
      request: { params: RebalanceParams, query: PageQuery },
      responses: {
        200: { description: "Portfolio details", headers: TOTAL_COUNT_HEADER, ...json(z.array(PortfolioDetailOutput)) },
        ...problemResponses(400, 404, 503),
      },
    },
    {
      method: "get",
      path: `${REBALANCE_PATH}/portfolio/{portfolio_id}/positions`,
      summary: "One portfolio's positions in a rebalance",
      request: { params: RebalancePortfolioParams },
      responses: {
        200: { description: "Position details", ...json(z.array(PositionDetailOutput)) },
        ...problemResponses(400, 404, 503),
      },
    },
  ];
  for (const route of routes) registry.registerPath({ tags: ["rebalances"], ...route });
}
