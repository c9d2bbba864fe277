// The rebalance API (SPEC §5.5), one declaration per route: schemas, documentation and handler together.
// The two submissions answer 202 at once (Prefer: respond-async, or a callback_url) or wait up to
// SYNC_WAIT_MS for the finished rebalance (200 as the original service / 422 / 503), else 202. Documents
// (one, or pages of them) and stored results are written by the handlers themselves: streamed, with
// exact-digit numbers. Pollers read the status view.
import { rebalanceLinks, ValidationError, rebalanceOptionsFromJson } from "@ogs/domain";
import type { Metrics } from "@ogs/observability";
import type { RebalanceSortField } from "@ogs/store";
import type { Request, Response } from "express";
import { API_PREFIX, TOTAL_COUNT_HEADER } from "../../http/openapi.js";
import { addProblemExtensions } from "../../http/problem.js";
import { requestIdOf } from "../../http/request-context.js";
import { defineRoute, optionalHeader, requiredHeader, RESPONSE_SENT, type Route } from "../../http/route.js";
import { parseSortList } from "../../http/sort-by.js";
import { z } from "../../http/zod.js";
import { answeredFromCache } from "./caching.js";
import type { CompletionWaiter } from "./completion.js";
import { streamArray, streamDocument, streamDocuments } from "./document-stream.js";
import { parsePrefer } from "./prefer.js";
import type { Page, RebalanceReads } from "./reads.js";
import {
  AcceptedOutput,
  DeleteQuery,
  ModelRebalanceParams,
  PAGE_DEFAULT,
  PAGE_MAX,
  PageQuery,
  PortfolioDetailOutput,
  PortfolioQueryInput,
  PortfolioQueryQuery,
  PortfolioRebalanceParams,
  PositionDetailOutput,
  RebalanceDtoOutput,
  RebalanceGetQuery,
  RebalanceListQuery,
  RebalanceOutput,
  RebalanceParams,
  RebalancePortfolioParams,
  RebalanceStatusOutput,
  SubmitHeaders,
  SubmitInput,
} from "./schemas.js";
import type { SubmitService, SubmitTarget } from "./submit.js";
import { acceptedToWire, statusToWire } from "./wire.js";

export interface RebalanceRouteDeps {
  submit: SubmitService;
  reads: RebalanceReads;
  waiter: CompletionWaiter;
  metrics: Metrics;
  /** Longest synchronous wait before answering 202 (SPEC §5.5). */
  syncWaitMs: number;
}

const tags = ["rebalances"];
const REBALANCE_PATH = `${API_PREFIX}/rebalance/{rebalance_id}`;
/** `rebalance_date` is the submission time; the first four are the portal's sortable columns. */
const SORT_FIELDS = [
  "rebalance_date",
  "rebalance_id",
  "model_name",
  "number_of_portfolios",
  "completed_at",
  "model_id",
  "status",
] as const satisfies readonly RebalanceSortField[];

/** On the synchronous answers (the 200 body stays the bare DTO or list the portal reads). */
const LINK = {
  Link: optionalHeader('`</api/v1/rebalance/{rebalance_id}>; rel="related"`: the rebalance this answer is about.'),
};
const REPLAYED = {
  "Idempotent-Replayed": optionalHeader(
    "`true` when this answers a repeated Idempotency-Key with the original rebalance.",
  ),
};
const VARY = { Vary: requiredHeader("`Prefer`: the answer depends on the response mode asked for.") };
/** Conditional reads of a rebalance (the status view and the document). */
const CACHING = {
  ETag: requiredHeader("Changes whenever the rebalance's status or progress does."),
  "Cache-Control": requiredHeader("`no-cache` while it runs; `public, max-age=86400, immutable` once final."),
};
const json = (schema: z.ZodType) => ({ "application/json": { schema } });

const SUBMIT_DESCRIPTION = [
  "Response modes (RFC 7240): with `Prefer: respond-async` or a `callback_url` the answer is 202 at once",
  "(`Preference-Applied: respond-async` when the preference was honoured). Otherwise the request waits for the",
  "rebalance up to SYNC_WAIT_MS (or `Prefer: wait=N` seconds, if shorter) and answers 200 as the original service",
  "does, or 202 when the wait runs out (poll `Location`, the status view). Every synchronous answer (200, 422, 503)",
  'names its rebalance: `Link: </api/v1/rebalance/{rebalance_id}>; rel="related"`, and `rebalance_id` in a problem.',
  "The same `Idempotency-Key` with the same request within 24 h returns the original rebalance",
  "(`Idempotent-Replayed: true`), even when the model has changed or is gone since; with a different request it is a 422.",
].join(" ");

function pageOf(query: { offset?: string | undefined; limit?: string | undefined }): Page {
  const limit = query.limit === undefined ? PAGE_DEFAULT : Number(query.limit);
  if (limit < 1 || limit > PAGE_MAX) {
    const message = `must be from 1 to ${PAGE_MAX}`;
    throw new ValidationError(`The request query is invalid: limit: ${message}.`, [{ field: "limit", message }]);
  }
  return { offset: query.offset === undefined ? 0 : Number(query.offset), limit };
}

/** A synchronous answer (200, 422, 503) names its rebalance: a Link header, and `rebalance_id` in a problem. */
function linkRebalance(res: Response, rebalanceId: string): void {
  res.setHeader("Link", `<${rebalanceLinks(rebalanceId).document}>; rel="related"`);
  addProblemExtensions(res, { rebalance_id: rebalanceId });
}

type Sent = typeof RESPONSE_SENT;

/** What a handler returns once it wrote the response itself (typed, so the unique symbol does not widen). */
function sent(): Sent {
  return RESPONSE_SENT;
}

/** A list of stored results, each already JSON text with exact-digit numbers (SPEC §3). */
function sendJsonItems(res: Response, items: readonly string[], total?: number): Sent {
  if (total !== undefined) res.setHeader("X-Total-Count", String(total));
  res.type("application/json").send(`[${items.join(",")}]`);
  return sent();
}

export function createRebalanceRoutes({ submit, reads, waiter, metrics, syncWaitMs }: RebalanceRouteDeps): Route[] {
  async function submitAndAnswer(
    req: Request,
    res: Response,
    target: SubmitTarget,
    input: { body: SubmitInput | undefined; idempotencyKey: string | undefined },
  ): Promise<typeof RESPONSE_SENT> {
    const prefer = parsePrefer(req.headers.prefer);
    const callbackUrl = input.body?.callback_url;
    const options = input.body?.options;
    const submitted = await submit.submit({
      target,
      requestId: requestIdOf(req),
      ...(callbackUrl !== undefined ? { callbackUrl } : {}),
      ...(options !== undefined ? { options: rebalanceOptionsFromJson(options) } : {}),
      ...(input.idempotencyKey !== undefined ? { idempotencyKey: input.idempotencyKey } : {}),
    });
    res.setHeader("Vary", "Prefer");
    if (!submitted) {
      // A model without portfolios: nothing to start, and the original answers 200 [] (SPEC §5.5).
      res.json([]);
      return sent();
    }
    const { rebalance, replayed } = submitted;
    const asyncMode = prefer.respondAsync || callbackUrl !== undefined;
    if (replayed) res.setHeader("Idempotent-Replayed", "true");
    else metrics.rebalancesSubmitted.inc({ mode: asyncMode ? "async" : "sync" });
    const accepted = (status: typeof rebalance.status): typeof RESPONSE_SENT => {
      res
        .status(202)
        .location(rebalanceLinks(rebalance.id).self)
        .json(acceptedToWire({ ...rebalance, status }));
      return sent();
    };
    if (asyncMode) {
      if (prefer.respondAsync) res.setHeader("Preference-Applied", "respond-async");
      return accepted(rebalance.status);
    }
    // The wait ends early when the client disconnects: nobody is left to answer.
    const gone = new AbortController();
    res.once("close", () => {
      if (!res.writableFinished) gone.abort();
    });
    const waitMs = prefer.waitSeconds === undefined ? syncWaitMs : Math.min(prefer.waitSeconds * 1_000, syncWaitMs);
    const waited = await waiter.wait(rebalance.id, waitMs, gone.signal);
    if (waited === "aborted") return sent();
    const linked = (error: unknown): never => {
      linkRebalance(res, rebalance.id);
      throw error;
    };
    const answer = waited === "finished" ? await submit.syncAnswer(rebalance.id, target).catch(linked) : null;
    if (answer === null) return accepted(await submit.currentStatus(rebalance));
    linkRebalance(res, rebalance.id);
    if (answer.kind === "object") res.json(answer.item);
    else await streamArray(res, answer.items);
    return sent();
  }

  const submitResponses = (ok: { description: string; schema: z.ZodType }) => ({
    200: { description: ok.description, content: json(ok.schema), headers: { ...LINK, ...REPLAYED, ...VARY } },
    202: {
      description: "Accepted; poll `Location` (the status view).",
      content: json(AcceptedOutput),
      headers: {
        Location: requiredHeader("URI of the rebalance's status view (what to poll)."),
        "Preference-Applied": optionalHeader("`respond-async` when `Prefer: respond-async` was honoured (RFC 7240)."),
        ...REPLAYED,
        ...VARY,
      },
    },
  });
  const submitProblems = [
    400,
    { status: 404, headers: { ...LINK, ...REPLAYED } },
    {
      status: 409,
      description:
        "A portfolio is already in an active rebalance (`detail` names it), or the Idempotency-Key is in use.",
    },
    413,
    415,
    {
      status: 422,
      description:
        "callback_url not allowed, Idempotency-Key reused with another request, or (synchronous, one portfolio) it has no feasible solution (`no-feasible-solution`) or was not rebalanced (`portfolio-not-rebalanced`).",
      headers: { ...LINK, ...REPLAYED },
    },
    {
      status: 503,
      description:
        "MongoDB or Redis unavailable, or (synchronous) the rebalance stopped because a GlobeCo service is unavailable; `service` names it.",
      headers: { ...LINK, ...REPLAYED },
    },
  ] as const;

  return [
    defineRoute({
      method: "post",
      path: `${API_PREFIX}/model/{model_id}/rebalance`,
      tags,
      summary: "Rebalance every portfolio of a model",
      description: `A model without portfolios answers 200 \`[]\` and starts nothing (the original service). ${SUBMIT_DESCRIPTION}`,
      params: ModelRebalanceParams,
      headers: SubmitHeaders,
      body: { schema: SubmitInput, required: false },
      responses: submitResponses({
        description:
          "Finished: one RebalanceDTO per portfolio in submission order; one that was infeasible or failed has empty `transactions` and `drifts`, its `status` and `error` (the original isolates portfolio failures). `[]` for a model without portfolios.",
        schema: z.array(RebalanceDtoOutput),
      }),
      problems: submitProblems,
      handler: ({ params, headers, body }, { req, res }) =>
        submitAndAnswer(
          req,
          res,
          { kind: "model", modelId: params.model_id.toLowerCase() },
          {
            body,
            idempotencyKey: headers["Idempotency-Key"],
          },
        ),
    }),
    defineRoute({
      method: "post",
      path: `${API_PREFIX}/portfolio/{portfolio_id}/rebalance`,
      tags,
      summary: "Rebalance one portfolio against the model that holds it",
      description: `404 when no model holds the portfolio. Portfolio ids are unique only within one model, so several models may hold it: then the oldest model holding it (the first created) is used. ${SUBMIT_DESCRIPTION}`,
      params: PortfolioRebalanceParams,
      headers: SubmitHeaders,
      body: { schema: SubmitInput, required: false },
      responses: submitResponses({
        description: "Finished: the portfolio's RebalanceDTO (one object, as the original service).",
        schema: RebalanceDtoOutput,
      }),
      problems: submitProblems,
      handler: ({ params, headers, body }, { req, res }) =>
        submitAndAnswer(
          req,
          res,
          { kind: "portfolio", portfolioId: params.portfolio_id },
          {
            body,
            idempotencyKey: headers["Idempotency-Key"],
          },
        ),
    }),
    defineRoute({
      method: "get",
      path: `${API_PREFIX}/rebalances`,
      tags,
      summary: "List rebalances",
      description:
        "Whole rebalance documents, each with every portfolio (streamed), as the original service; `summary=true` lists status views only.",
      query: RebalanceListQuery,
      responses: {
        200: {
          description: "Rebalances, newest first unless sorted.",
          content: json(z.array(z.union([RebalanceOutput, RebalanceStatusOutput]))),
          headers: TOTAL_COUNT_HEADER,
        },
      },
      problems: [400, 503],
      async handler({ query }, { res }): Promise<Sent> {
        const sort = parseSortList(query.sort_by, SORT_FIELDS);
        const page = await reads.list(pageOf(query), sort, query.summary !== "true");
        res.setHeader("X-Total-Count", String(page.total));
        await streamDocuments(res, page.sources);
        return sent();
      },
    }),
    defineRoute({
      method: "post",
      path: `${API_PREFIX}/rebalances/portfolios`,
      tags,
      summary: "Rebalances touching any of the given portfolios",
      description: "Whole documents, as the original service; `summary=true` lists status views only.",
      query: PortfolioQueryQuery,
      body: { schema: PortfolioQueryInput, required: true },
      responses: {
        200: {
          description: "Rebalances, newest first.",
          content: json(z.array(z.union([RebalanceOutput, RebalanceStatusOutput]))),
          headers: TOTAL_COUNT_HEADER,
        },
      },
      problems: [400, 413, 415, 503],
      async handler({ query, body }, { res }): Promise<Sent> {
        const page = await reads.byPortfolios([...new Set(body.portfolios)], pageOf(query), query.summary !== "true");
        res.setHeader("X-Total-Count", String(page.total));
        await streamDocuments(res, page.sources);
        return sent();
      },
    }),
    defineRoute({
      method: "get",
      path: REBALANCE_PATH,
      tags,
      summary: "One rebalance with status, progress and every portfolio",
      description:
        "The whole document, its portfolios streamed in submission order. Conditional: `ETag`, `If-None-Match` → 304; a finished rebalance never changes (`Cache-Control: immutable`). Pollers should read the status view instead.",
      params: RebalanceParams,
      query: RebalanceGetQuery,
      responses: {
        200: { description: "The rebalance", content: json(RebalanceOutput), headers: CACHING },
        304: { description: "Not modified since the `ETag` in `If-None-Match`.", headers: CACHING },
      },
      problems: [400, 404, 503],
      async handler({ params, query }, { req, res }): Promise<Sent> {
        const limit = query.portfolio_limit === undefined ? undefined : Number(query.portfolio_limit);
        const source = await reads.document(params.rebalance_id.toLowerCase(), limit);
        const view = limit === undefined ? "document" : `document${limit}`;
        if (!answeredFromCache(req, res, source.rebalance, view)) await streamDocument(res, source);
        return sent();
      },
    }),
    defineRoute({
      method: "get",
      path: `${REBALANCE_PATH}/status`,
      tags,
      summary: "A rebalance's status and progress, without its portfolios (the view to poll)",
      description: "Conditional like the document: `ETag`, `If-None-Match` → 304.",
      params: RebalanceParams,
      responses: {
        200: { description: "The status view", body: RebalanceStatusOutput, headers: CACHING },
        304: { description: "Not modified since the `ETag` in `If-None-Match`.", headers: CACHING },
      },
      problems: [400, 404, 503],
      async handler({ params }, { req, res }): Promise<Sent> {
        const rebalance = await reads.status(params.rebalance_id.toLowerCase());
        if (answeredFromCache(req, res, rebalance, "status")) return sent();
        res.json(statusToWire(rebalance));
        return sent();
      },
    }),
    defineRoute({
      method: "delete",
      path: REBALANCE_PATH,
      tags,
      summary: "Delete a finished rebalance and its results",
      params: RebalanceParams,
      query: DeleteQuery,
      responses: { 204: { description: "Deleted" } },
      problems: [
        400,
        404,
        { status: 409, description: "Stale version, or the rebalance is still queued or running." },
        503,
      ],
      async handler({ params, query }) {
        await reads.remove(params.rebalance_id.toLowerCase(), Number(query.version));
        return { status: 204 };
      },
    }),
    defineRoute({
      method: "get",
      path: `${REBALANCE_PATH}/portfolios`,
      tags,
      summary:
        "The portfolios of a rebalance, paged, in submission order (the model's portfolio order when it was submitted)",
      params: RebalanceParams,
      query: PageQuery,
      responses: {
        200: {
          description: "Portfolio details",
          content: json(z.array(PortfolioDetailOutput)),
          headers: TOTAL_COUNT_HEADER,
        },
      },
      problems: [400, 404, 503],
      async handler({ params, query }, { res }): Promise<Sent> {
        const page = await reads.portfolios(params.rebalance_id.toLowerCase(), pageOf(query));
        return sendJsonItems(res, page.items, page.total);
      },
    }),
    defineRoute({
      method: "get",
      path: `${REBALANCE_PATH}/portfolio/{portfolio_id}/positions`,
      tags,
      summary: "One portfolio's positions in a rebalance",
      params: RebalancePortfolioParams,
      responses: { 200: { description: "Position details", content: json(z.array(PositionDetailOutput)) } },
      problems: [400, 404, 503],
      async handler({ params }, { res }): Promise<Sent> {
        return sendJsonItems(res, await reads.positions(params.rebalance_id.toLowerCase(), params.portfolio_id));
      },
    }),
  ];
}
