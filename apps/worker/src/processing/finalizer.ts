// Finalises a rebalance once every portfolio job has ended (SPEC §5.4): the store closes portfolios left
// without an outcome and sets the final status from what is stored; then the model's
// `last_rebalance_date`, the portfolios' release, and what comes next (the webhooks) — each idempotent,
// so a retried finaliser finishes the steps a crashed one did not.
import type { ModelRepository, RebalanceRepository, SettledRebalance } from "@ogs/store";

export type FinishedRebalance = SettledRebalance;

export interface FinalizerDeps {
  store: {
    rebalances: Pick<RebalanceRepository, "settle" | "releasePortfolios" | "markFollowedUp">;
    models: Pick<ModelRepository, "setLastRebalanceDate">;
  };
  /** What comes after a rebalance ends (the webhook delivery of SPEC §6 plugs in here). */
  onFinished: (finished: FinishedRebalance) => Promise<void>;
  now?: () => Date;
}

export function createFinalizer(deps: FinalizerDeps) {
  const now = deps.now ?? (() => new Date());
  const { rebalances, models } = deps.store;
  return {
    /** Returns the finished rebalance, or null when it no longer exists (deleted). */
    async finalize(rebalanceId: string): Promise<FinishedRebalance | null> {
      const finished = await rebalances.settle(rebalanceId, now());
      if (!finished) return null;
      const { rebalance, status } = finished;
      // completed_at as stored (a re-run keeps the first run's), so the date and the webhook event are the same.
      if (status !== "failed") await models.setLastRebalanceDate(rebalance.modelId, rebalance.completedAt ?? now());
      await rebalances.releasePortfolios(rebalanceId);
      await deps.onFinished(finished);
      // Only now is the rebalance settled; until then the workers' repair sweep re-runs this finaliser.
      await rebalances.markFollowedUp(rebalanceId);
      return finished;
    },
  };
}

export type Finalizer = ReturnType<typeof createFinalizer>;
