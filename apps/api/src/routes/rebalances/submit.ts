// Submitting a rebalance (SPEC §5.4, §5.5): resolve the model, take its snapshot, claim the
// Idempotency-Key and the portfolios in the store, enqueue the flow; and, for the synchronous mode,
// turn a finished rebalance into its answer (RebalanceDTO list, 422 nothing solved, 503 fail-fast).
// No express here: the router validates, calls one function, maps the result.
import { createHash } from "node:crypto";
import { DependencyUnavailableError, NotFoundError, RuleViolationError, type Model } from "@ogs/domain";
import type { RebalanceProducer } from "@ogs/queue";
import type { ModelSnapshot, Progress, Rebalance, RebalanceRepository, Store } from "@ogs/store";
import type { RebalanceDtoOutput } from "./schemas.js";
import { rebalanceDtoToWire } from "./wire.js";

export type SubmitTarget = { kind: "model"; modelId: string } | { kind: "portfolio"; portfolioId: string };

export interface Submission {
  target: SubmitTarget;
  callbackUrl?: string;
  idempotencyKey?: string;
  /** The API request id; it travels into every job (SPEC §7). */
  requestId: string;
}

export interface SubmitDeps {
  store: Pick<Store, "models" | "rebalances" | "portfolioResults">;
  producer: Pick<RebalanceProducer, "enqueueRebalance">;
  /** Validates a callback_url (SSRF policy, signing configured); returns it normalised or throws a 422. */
  checkCallbackUrl(url: string): Promise<string>;
}

/** Results read per round trip while building a synchronous answer. */
const RESULT_PAGE = 200;

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/** "2 infeasible, 1 failed": the portfolios of a finished rebalance by outcome, those with none left out. */
function outcomeCounts(progress: Progress): string {
  const outcomes = (["completed", "infeasible", "failed", "cancelled"] as const).filter(
    (outcome) => progress[outcome] > 0,
  );
  return outcomes.map((outcome) => `${progress[outcome]} ${outcome}`).join(", ");
}

export function snapshotOf(model: Model): ModelSnapshot {
  return {
    model_id: model.id,
    model_name: model.name,
    model_version: model.version,
    positions: model.positions.map((p) => ({
      security_id: p.securityId,
      target: p.target,
      high_drift: p.highDrift,
      low_drift: p.lowDrift,
    })),
  };
}

/** What makes two submissions "the same request" for an Idempotency-Key: target and callback, not the response mode. */
export function requestHash(target: SubmitTarget, callbackUrl: string | undefined): string {
  const id = target.kind === "model" ? target.modelId : target.portfolioId;
  return createHash("sha256")
    .update(JSON.stringify([target.kind, id, callbackUrl ?? null]))
    .digest("hex");
}

/** True once the stored rebalance has a final status (or is gone): the completion waiter's source of truth. */
export function rebalanceFinished(
  rebalances: Pick<RebalanceRepository, "stopState">,
): (rebalanceId: string) => Promise<boolean> {
  return async (rebalanceId) => {
    const state = await rebalances.stopState(rebalanceId);
    return state === null || (state.status !== "queued" && state.status !== "running");
  };
}

export function createSubmitService({ store, producer, checkCallbackUrl }: SubmitDeps) {
  async function resolve(target: SubmitTarget): Promise<{ model: Model; portfolioIds: string[] }> {
    if (target.kind === "portfolio") {
      const model = await store.models.findByPortfolio(target.portfolioId);
      if (!model)
        throw new NotFoundError("portfolio", target.portfolioId, `No model holds portfolio ${target.portfolioId}.`);
      return { model, portfolioIds: [target.portfolioId] };
    }
    const model = await store.models.get(target.modelId);
    if (model.portfolios.length === 0) {
      throw new RuleViolationError("model-has-no-portfolios", `Model ${model.id} has no portfolios to rebalance.`);
    }
    return { model, portfolioIds: model.portfolios };
  }

  async function enqueue(rebalance: Rebalance, requestId: string): Promise<void> {
    try {
      await producer.enqueueRebalance({
        rebalanceId: rebalance.rebalance_id,
        portfolioIds: rebalance.portfolio_ids,
        requestId,
      });
    } catch (error) {
      const message = "The queue (Redis) is unavailable; the rebalance was not started.";
      // Free the portfolios at once, so the caller can simply retry once Redis is back.
      await store.rebalances.abandon(rebalance.rebalance_id, message, "redis").catch(() => undefined);
      throw new DependencyUnavailableError("redis", message, undefined, { cause: error });
    }
  }

  return {
    /** Creates and enqueues a rebalance; a replayed Idempotency-Key returns the original and enqueues nothing. */
    async submit({
      target,
      callbackUrl,
      idempotencyKey,
      requestId,
    }: Submission): Promise<{ rebalance: Rebalance; replayed: boolean }> {
      const idempotency =
        idempotencyKey === undefined
          ? undefined
          : { key: idempotencyKey, request_hash: requestHash(target, callbackUrl) };
      // SPEC §5.5: a used key answers its original rebalance whatever happened to the model since (its
      // portfolios removed, the model deleted), so the replay is looked up before anything is resolved.
      const original = idempotency ? await store.rebalances.findReplay(idempotency) : null;
      if (original) return { rebalance: original, replayed: true };
      const callback = callbackUrl === undefined ? undefined : await checkCallbackUrl(callbackUrl);
      const { model, portfolioIds } = await resolve(target);
      // The first request claims the key atomically in create(); a concurrent twin gets the original or a 409 there.
      const created = await store.rebalances.create({
        snapshot: snapshotOf(model),
        portfolio_ids: portfolioIds,
        request_id: requestId,
        callback_url: callback ?? null,
        ...(idempotency ? { idempotency } : {}),
      });
      if (!created.replayed) await enqueue(created.rebalance, requestId);
      return created;
    },

    /** The stored status, for a 202 after the synchronous wait ran out. */
    async currentStatus(rebalance: Rebalance): Promise<Rebalance["status"]> {
      return (await store.rebalances.stopState(rebalance.rebalance_id))?.status ?? rebalance.status;
    },

    /**
     * The synchronous answer (SPEC §5.5): null while the rebalance runs; 503 naming the service after a
     * fail-fast stop; 422 when the only portfolio is infeasible or failed, or when none of several was
     * solved (an empty list would leave the caller nothing to go on); else the solved portfolios.
     */
    async syncAnswer(rebalanceId: string): Promise<RebalanceDtoOutput[] | null> {
      const rebalance = await store.rebalances.getSummary(rebalanceId);
      if (!rebalance)
        throw new NotFoundError("rebalance", rebalanceId, `Rebalance ${rebalanceId} was deleted before it finished.`);
      if (rebalance.status === "queued" || rebalance.status === "running") return null;
      if (rebalance.failure?.service) {
        // The stored reason already names the service and its cause (SPEC §5.3), in one sentence of its own.
        const reason = rebalance.failure.message.replace(/[.!?]$/, "");
        throw new DependencyUnavailableError(
          rebalance.failure.service,
          `${reason}, so rebalance ${rebalanceId} stopped.`,
        );
      }
      if (rebalance.number_of_portfolios === 1) {
        const [only] = (await store.portfolioResults.list(rebalanceId, { offset: 0, limit: 1 })).items;
        if (only?.status === "infeasible")
          throw new RuleViolationError(
            "no-feasible-solution",
            sentence(`Portfolio ${only.portfolio_id}: ${only.error ?? "no feasible solution exists"}`),
          );
        if (only && only.status !== "completed")
          throw new RuleViolationError(
            "portfolio-not-rebalanced",
            sentence(`Portfolio ${only.portfolio_id} was not rebalanced: ${only.error ?? only.status}`),
          );
      } else {
        const progress = rebalance.final_progress ?? (await store.rebalances.progress(rebalanceId));
        if (progress.completed === 0) {
          throw new RuleViolationError(
            "no-portfolio-rebalanced",
            `None of the ${rebalance.number_of_portfolios} portfolios of rebalance ${rebalanceId} was rebalanced: ${outcomeCounts(progress)}.`,
          );
        }
      }
      const answer: RebalanceDtoOutput[] = [];
      for (let offset = 0; offset < rebalance.number_of_portfolios; offset += RESULT_PAGE) {
        const page = await store.portfolioResults.list(rebalanceId, {
          offset,
          limit: RESULT_PAGE,
          withPositions: true,
        });
        for (const result of page.items) if (result.status === "completed") answer.push(rebalanceDtoToWire(result));
        if (page.items.length < RESULT_PAGE) break;
      }
      return answer;
    },
  };
}

export type SubmitService = ReturnType<typeof createSubmitService>;
