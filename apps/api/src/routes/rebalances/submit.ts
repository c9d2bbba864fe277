// Submitting a rebalance (SPEC §5.4, §5.5): resolve the model, take its snapshot, claim the
// Idempotency-Key and the portfolios in the store, enqueue the flow; and, for the synchronous mode,
// turn a finished rebalance into the original's answer (RebalanceDTO list or object, 422, 503).
// No express here: the router validates, calls one function, maps the result.
import { createHash } from "node:crypto";
import {
  assertOptionSecuritiesKnown,
  DependencyUnavailableError,
  isActiveRebalanceStatus,
  mergeRebalanceOptions,
  NO_FEASIBLE_SOLUTION,
  NotFoundError,
  RuleViolationError,
  type Model,
  type ModelSnapshot,
  type Rebalance,
  type RebalanceOptions,
  restrictOptionsTo,
  rebalanceOptionsToJson,
} from "@ogs/domain";
import type { RebalanceProducer } from "@ogs/queue";
import type { RebalanceRepository, Store } from "@ogs/store";
import type { RebalanceDtoOutput } from "./schemas.js";
import { rebalanceDtoToWire } from "./wire.js";

/** A stored rebalance as the store streams its portfolios from (ours or the original service's). */
type StoredRebalance = NonNullable<Awaited<ReturnType<RebalanceRepository["document"]>>>;

export type SubmitTarget = { kind: "model"; modelId: string } | { kind: "portfolio"; portfolioId: string };

export interface Submission {
  target: SubmitTarget;
  callbackUrl?: string;
  /** The request's trading options (over the model's defaults, key by key). */
  options?: RebalanceOptions;
  idempotencyKey?: string;
  /** The API request id; it travels into every job (SPEC §7). */
  requestId: string;
}

export interface SubmitDeps {
  store: Pick<Store, "models" | "rebalances">;
  producer: Pick<RebalanceProducer, "enqueueRebalance">;
  /** Validates a callback_url (SSRF policy, signing configured); returns it normalised or throws a 422. */
  checkCallbackUrl(url: string): Promise<string>;
}

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/**
 * The model as the rebalance sees it, with the trading options in force: the model's defaults (entries for
 * securities it no longer holds dropped) under the request's options, key by key. The request's per-security
 * entries must name the model's securities (422).
 */
export function snapshotOf(model: Model, requestOptions: RebalanceOptions = {}): ModelSnapshot {
  const securityIds = model.positions.map((position) => position.securityId);
  assertOptionSecuritiesKnown(requestOptions, securityIds);
  const options = mergeRebalanceOptions(restrictOptionsTo(model.rebalanceOptions, securityIds), requestOptions);
  return { modelId: model.id, modelName: model.name, modelVersion: model.version, positions: model.positions, options };
}

/** JSON with every object's keys sorted: one text per value, whatever order the caller wrote. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

/**
 * What makes two submissions "the same request" for an Idempotency-Key: target, callback and options (by
 * value: `"1.0"` and `1` are the same), not the response mode.
 */
export function requestHash(target: SubmitTarget, callbackUrl: string | undefined, options?: RebalanceOptions): string {
  const id = target.kind === "model" ? target.modelId : target.portfolioId;
  const parts: unknown[] = [target.kind, id, callbackUrl ?? null];
  if (options !== undefined && Object.keys(options).length > 0) parts.push(rebalanceOptionsToJson(options));
  return createHash("sha256").update(canonicalJson(parts)).digest("hex");
}

/**
 * True once the stored rebalance has a final status and the finaliser's follow-up has run (or it is gone): the
 * completion waiter's source of truth. The follow-up moves the model's version and `last_rebalance_date` and
 * releases the portfolios, so a client that edits the model or rebalances again right after the synchronous
 * answer (the portal refetches the model) never meets the old version or a portfolio lock.
 */
export function rebalanceFinished(
  rebalances: Pick<RebalanceRepository, "state">,
): (rebalanceId: string) => Promise<boolean> {
  return async (rebalanceId) => {
    const state = await rebalances.state(rebalanceId);
    return state === null || (!isActiveRebalanceStatus(state.status) && !state.followUpPending);
  };
}

/**
 * The synchronous answer (SPEC §5.5), as the original: for a model a list — its RebalanceDTOs in submission order,
 * produced as they are written, so a 10,000-portfolio answer never sits in memory whole — for a portfolio one object.
 */
export type SyncAnswer =
  { kind: "list"; items: AsyncIterable<RebalanceDtoOutput> } | { kind: "object"; item: RebalanceDtoOutput };

export function createSubmitService({ store, producer, checkCallbackUrl }: SubmitDeps) {
  /** The model and the portfolios to rebalance; none for a model without portfolios (answered 200 `[]`). */
  async function resolve(target: SubmitTarget): Promise<{ model: Model; portfolioIds: string[] }> {
    if (target.kind === "portfolio") {
      const model = await store.models.findByPortfolio(target.portfolioId);
      if (!model)
        throw new NotFoundError("portfolio", target.portfolioId, `No model holds portfolio ${target.portfolioId}.`);
      return { model, portfolioIds: [target.portfolioId] };
    }
    const model = await store.models.get(target.modelId);
    return { model, portfolioIds: model.portfolios };
  }

  async function enqueue(rebalance: Rebalance, portfolioIds: readonly string[], requestId: string): Promise<void> {
    try {
      await producer.enqueueRebalance({
        rebalanceId: rebalance.id,
        portfolios: portfolioIds.map((portfolioId, index) => ({ portfolioId, index })),
        requestId,
      });
    } catch (error) {
      const message = "The queue (Redis) is unavailable; the rebalance was not started.";
      // Free the portfolios at once, so the caller can simply retry once Redis is back.
      await store.rebalances
        .abandon(rebalance.id, { service: "redis", message, at: new Date() })
        .catch(() => undefined);
      throw new DependencyUnavailableError("redis", message, undefined, { cause: error });
    }
  }

  /**
   * Every portfolio's report in submission order, as RebalanceDTOs, one at a time as the store reads them; none
   * for a rebalance deleted between its status read and its document read.
   */
  async function* answers(doc: StoredRebalance | null, rebalanceId: string): AsyncGenerator<RebalanceDtoOutput> {
    if (!doc) return;
    for await (const report of store.rebalances.portfolios(doc)) yield rebalanceDtoToWire(rebalanceId, report);
  }

  return {
    /**
     * Creates and enqueues a rebalance; a replayed Idempotency-Key returns the original and enqueues nothing.
     * Null when there is nothing to rebalance (a model without portfolios: the original answers 200 `[]`).
     */
    async submit({
      target,
      callbackUrl,
      options,
      idempotencyKey,
      requestId,
    }: Submission): Promise<{ rebalance: Rebalance; replayed: boolean } | null> {
      const idempotency =
        idempotencyKey === undefined
          ? undefined
          : { key: idempotencyKey, requestHash: requestHash(target, callbackUrl, options) };
      // SPEC §5.5: a used key answers its original rebalance whatever happened to the model since (its
      // portfolios removed, the model deleted), so the replay is looked up before anything is resolved.
      const original = idempotency ? await store.rebalances.findReplay(idempotency) : null;
      if (original) return { rebalance: original, replayed: true };
      const callback = callbackUrl === undefined ? undefined : await checkCallbackUrl(callbackUrl);
      const { model, portfolioIds } = await resolve(target);
      const snapshot = snapshotOf(model, options);
      if (portfolioIds.length === 0) return null;
      // The first request claims the key atomically in create(); a concurrent twin gets the original or a 409 there.
      const created = await store.rebalances.create({
        snapshot,
        portfolioIds,
        requestId,
        callbackUrl: callback ?? null,
        ...(idempotency ? { idempotency } : {}),
      });
      if (!created.replayed) await enqueue(created.rebalance, portfolioIds, requestId);
      return created;
    },

    /** The stored status, for a 202 after the synchronous wait ran out. */
    async currentStatus(rebalance: Rebalance): Promise<Rebalance["status"]> {
      return (await store.rebalances.state(rebalance.id))?.status ?? rebalance.status;
    },

    /**
     * The synchronous answer (SPEC §5.5): null while the rebalance runs; 503 naming the service after a
     * fail-fast stop. A model's answer is one RebalanceDTO per portfolio in submission order, those not solved
     * with empty trades, their status and error (the original isolates portfolio failures); a portfolio's is
     * its RebalanceDTO object, or 422 when it was infeasible or failed.
     */
    async syncAnswer(rebalanceId: string, target: SubmitTarget): Promise<SyncAnswer | null> {
      const rebalance = await store.rebalances.get(rebalanceId);
      if (!rebalance)
        throw new NotFoundError("rebalance", rebalanceId, `Rebalance ${rebalanceId} was deleted before it finished.`);
      if (isActiveRebalanceStatus(rebalance.status)) return null;
      if (rebalance.failure?.service) {
        // The stored reason already names the service and its cause (SPEC §5.3), in one sentence of its own.
        const reason = rebalance.failure.message.replace(/[.!?]$/, "");
        throw new DependencyUnavailableError(
          rebalance.failure.service,
          `${reason}, so rebalance ${rebalanceId} stopped.`,
        );
      }
      const items = answers(await store.rebalances.document(rebalanceId), rebalanceId);
      if (target.kind === "model") return { kind: "list", items };
      let only: RebalanceDtoOutput | undefined;
      for await (const item of items) {
        only = item;
        break;
      }
      if (!only) throw new NotFoundError("rebalance", rebalanceId, `Rebalance ${rebalanceId} has no portfolio.`);
      if (only.status === "infeasible")
        throw new RuleViolationError(
          "no-feasible-solution",
          sentence(`Portfolio ${only.portfolio_id}: ${only.error ?? NO_FEASIBLE_SOLUTION}`),
        );
      if (only.status !== "completed")
        throw new RuleViolationError(
          "portfolio-not-rebalanced",
          sentence(`Portfolio ${only.portfolio_id} was not rebalanced: ${only.error ?? only.status}`),
        );
      return { kind: "object", item: only };
    },
  };
}

export type SubmitService = ReturnType<typeof createSubmitService>;
