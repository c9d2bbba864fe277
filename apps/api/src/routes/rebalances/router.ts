// HTTP edge of the rebalance API (SPEC §5.5): validate, call one service function, map the result.
// The two submissions answer 202 at once (Prefer: respond-async, or a callback_url) or wait up to
// SYNC_WAIT_MS for the finished rebalance (200 RebalanceDTO list or object / 422 / 503), else 202.
// Documents (one, or pages of them) are streamed; pollers read the status view.
import { rebalanceLinks, ValidationError, type Rebalance } from "@ogs/domain";
import type { Metrics } from "@ogs/observability";
import type { RebalanceSortField } from "@ogs/store";
import type { Request, Response, Router } from "express";
import express from "express";
import { addProblemExtensions } from "../../http/problem.js";
import { requestIdOf } from "../../http/request-context.js";
import { parseInput } from "../../http/validate.js";
import { parseSortList } from "../../http/sort-by.js";
import { NoQuery } from "../models/schemas.js";
import { answeredFromCache } from "./caching.js";
import type { CompletionWaiter } from "./completion.js";
import { streamDocument, streamDocuments } from "./document-stream.js";
import { stringifyExact } from "./exact-json.js";
import { parsePrefer } from "./prefer.js";
import type { Page, RebalanceReads } from "./reads.js";
import {
  DeleteQuery,
  ModelRebalanceParams,
  PAGE_DEFAULT,
  PAGE_MAX,
  PageQuery,
  PortfolioQueryInput,
  PortfolioQueryQuery,
  PortfolioRebalanceParams,
  RebalanceGetQuery,
  RebalanceListQuery,
  RebalanceParams,
  RebalancePortfolioParams,
  SubmitInput,
} from "./schemas.js";
import type { SubmitService, SubmitTarget } from "./submit.js";
import { acceptedToWire, statusToWire } from "./wire.js";

export interface RebalanceRouterDeps {
  submit: SubmitService;
  reads: RebalanceReads;
  waiter: CompletionWaiter;
  metrics: Metrics;
  /** Longest synchronous wait before answering 202 (SPEC §5.5). */
  syncWaitMs: number;
}

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
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

function pageOf(query: { offset?: string | undefined; limit?: string | undefined }): Page {
  const limit = query.limit === undefined ? PAGE_DEFAULT : Number(query.limit);
  if (limit < 1 || limit > PAGE_MAX) {
    const message = `must be from 1 to ${PAGE_MAX}`;
    throw new ValidationError(`The request query is invalid: limit: ${message}.`, [{ field: "limit", message }]);
  }
  return { offset: query.offset === undefined ? 0 : Number(query.offset), limit };
}

function idempotencyKeyOf(req: Request): string | undefined {
  const key = req.get("Idempotency-Key");
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) {
    const message = "must be 1 to 255 visible ASCII characters";
    throw new ValidationError(`The Idempotency-Key header is invalid: it ${message}.`, [
      { field: "Idempotency-Key", message },
    ]);
  }
  return key;
}

/** 202: the work goes on; `Location` and `links.self` name the status view, what a poller should read. */
function sendAccepted(res: Response, rebalance: Pick<Rebalance, "id" | "status" | "numberOfPortfolios">): void {
  res.status(202).location(rebalanceLinks(rebalance.id).self).json(acceptedToWire(rebalance));
}

/** A synchronous answer (200, 422, 503) names its rebalance: a Link header, and `rebalance_id` in a problem. */
function linkRebalance(res: Response, rebalanceId: string): void {
  res.setHeader("Link", `<${rebalanceLinks(rebalanceId).document}>; rel="related"`);
  addProblemExtensions(res, { rebalance_id: rebalanceId });
}

/** A page of stored results: exact-digit numbers (SPEC §3). */
function sendExactPage<T>(res: Response, page: { total: number; items: T[] }): void {
  res.setHeader("X-Total-Count", String(page.total));
  res.type("application/json").send(stringifyExact(page.items));
}

export function createRebalancesRouter({ submit, reads, waiter, metrics, syncWaitMs }: RebalanceRouterDeps): Router {
  const router = express.Router();

  async function submitAndAnswer(req: Request, res: Response, target: SubmitTarget): Promise<void> {
    parseInput(NoQuery, req.query, "query");
    const body = parseInput(SubmitInput, req.body ?? {}, "body");
    const prefer = parsePrefer(req.headers.prefer);
    const idempotencyKey = idempotencyKeyOf(req);
    const submitted = await submit.submit({
      target,
      requestId: requestIdOf(req),
      ...(body.callback_url !== undefined ? { callbackUrl: body.callback_url } : {}),
      ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
    });
    res.setHeader("Vary", "Prefer");
    if (!submitted) {
      // A model without portfolios: nothing to start, and the original answers 200 [] (SPEC §5.5).
      res.json([]);
      return;
    }
    const { rebalance, replayed } = submitted;
    const asyncMode = prefer.respondAsync || body.callback_url !== undefined;
    if (replayed) res.setHeader("Idempotent-Replayed", "true");
    else metrics.rebalancesSubmitted.inc({ mode: asyncMode ? "async" : "sync" });
    if (asyncMode) {
      if (prefer.respondAsync) res.setHeader("Preference-Applied", "respond-async");
      sendAccepted(res, rebalance);
      return;
    }
    // The wait ends early when the client disconnects: nobody is left to answer.
    const gone = new AbortController();
    res.once("close", () => {
      if (!res.writableFinished) gone.abort();
    });
    const waitMs = prefer.waitSeconds === undefined ? syncWaitMs : Math.min(prefer.waitSeconds * 1_000, syncWaitMs);
    const rebalanceId = rebalance.id;
    const waited = await waiter.wait(rebalanceId, waitMs, gone.signal);
    if (waited === "aborted") return;
    const linked = (error: unknown): never => {
      linkRebalance(res, rebalanceId);
      throw error;
    };
    const answer = waited === "finished" ? await submit.syncAnswer(rebalanceId, target).catch(linked) : null;
    if (answer === null) {
      sendAccepted(res, { ...rebalance, status: await submit.currentStatus(rebalance) });
      return;
    }
    linkRebalance(res, rebalanceId);
    res.json(answer);
  }

  router.post("/model/:model_id/rebalance", async (req, res) => {
    const { model_id } = parseInput(ModelRebalanceParams, req.params, "path");
    await submitAndAnswer(req, res, { kind: "model", modelId: model_id.toLowerCase() });
  });

  router.post("/portfolio/:portfolio_id/rebalance", async (req, res) => {
    const { portfolio_id } = parseInput(PortfolioRebalanceParams, req.params, "path");
    await submitAndAnswer(req, res, { kind: "portfolio", portfolioId: portfolio_id });
  });

  router.get("/rebalances", async (req, res) => {
    const query = parseInput(RebalanceListQuery, req.query, "query");
    const sort = parseSortList(query.sort_by, SORT_FIELDS);
    const page = await reads.list(pageOf(query), sort, query.summary !== "true");
    res.setHeader("X-Total-Count", String(page.total));
    await streamDocuments(res, page.sources);
  });

  router.post("/rebalances/portfolios", async (req, res) => {
    const query = parseInput(PortfolioQueryQuery, req.query, "query");
    const body = parseInput(PortfolioQueryInput, req.body, "body");
    const page = await reads.byPortfolios([...new Set(body.portfolios)], pageOf(query), query.summary !== "true");
    res.setHeader("X-Total-Count", String(page.total));
    await streamDocuments(res, page.sources);
  });

  router.get("/rebalance/:rebalance_id", async (req, res) => {
    const { rebalance_id } = parseInput(RebalanceParams, req.params, "path");
    const { portfolio_limit } = parseInput(RebalanceGetQuery, req.query, "query");
    const limit = portfolio_limit === undefined ? undefined : Number(portfolio_limit);
    const source = await reads.document(rebalance_id.toLowerCase(), limit);
    if (answeredFromCache(req, res, source.rebalance, limit === undefined ? "document" : `document${limit}`)) return;
    await streamDocument(res, source);
  });

  router.get("/rebalance/:rebalance_id/status", async (req, res) => {
    const { rebalance_id } = parseInput(RebalanceParams, req.params, "path");
    parseInput(NoQuery, req.query, "query");
    const rebalance = await reads.status(rebalance_id.toLowerCase());
    if (answeredFromCache(req, res, rebalance, "status")) return;
    res.json(statusToWire(rebalance));
  });

  router.get("/rebalance/:rebalance_id/portfolios", async (req, res) => {
    const { rebalance_id } = parseInput(RebalanceParams, req.params, "path");
    const query = parseInput(PageQuery, req.query, "query");
    sendExactPage(res, await reads.portfolios(rebalance_id.toLowerCase(), pageOf(query)));
  });

  router.get("/rebalance/:rebalance_id/portfolio/:portfolio_id/positions", async (req, res) => {
    const { rebalance_id, portfolio_id } = parseInput(RebalancePortfolioParams, req.params, "path");
    parseInput(NoQuery, req.query, "query");
    res.type("application/json").send(stringifyExact(await reads.positions(rebalance_id.toLowerCase(), portfolio_id)));
  });

  router.delete("/rebalance/:rebalance_id", async (req, res) => {
    const { rebalance_id } = parseInput(RebalanceParams, req.params, "path");
    const { version } = parseInput(DeleteQuery, req.query, "query");
    await reads.remove(rebalance_id.toLowerCase(), Number(version));
    res.status(204).end();
  });

  return router;
}
