// Finalises a rebalance once every portfolio job has ended (SPEC §5.4): closes portfolios left
// without a result, sets the status from the stored results, `completed_at`, the model's
// `last_rebalance_date`, releases the portfolios, and is the one place that starts what comes next.
// Every step is idempotent, so a retried finaliser finishes the steps a crashed one did not.
import type {
  Progress,
  Rebalance,
  RebalanceRepository,
  RebalanceStatus,
  PortfolioResultRepository,
  ModelRepository,
} from "@ogs/store";

export interface FinishedRebalance {
  rebalance: Rebalance;
  status: RebalanceStatus;
  progress: Progress;
}

export interface FinalizerDeps {
  store: {
    rebalances: Pick<RebalanceRepository, "get" | "finish" | "releasePortfolios" | "markFollowedUp">;
    portfolioResults: Pick<PortfolioResultRepository, "closeUnfinished">;
    models: Pick<ModelRepository, "setLastRebalanceDate">;
  };
  /** What comes after a rebalance ends (the webhook delivery of SPEC §6 plugs in here). */
  onFinished: (finished: FinishedRebalance) => Promise<void>;
  now?: () => Date;
}

/** SPEC §5.4: completed = every portfolio solved; failed = fail-fast or none solved; else completed_with_errors. */
export function finalStatus(progress: Progress, numberOfPortfolios: number, stopped: boolean): RebalanceStatus {
  if (stopped || progress.completed === 0) return "failed";
  return progress.completed === numberOfPortfolios ? "completed" : "completed_with_errors";
}

export function createFinalizer(deps: FinalizerDeps) {
  const now = deps.now ?? (() => new Date());
  const { rebalances, portfolioResults, models } = deps.store;
  return {
    /** Returns the finished rebalance, or null when it no longer exists (deleted). */
    async finalize(rebalanceId: string): Promise<FinishedRebalance | null> {
      const rebalance = await rebalances.get(rebalanceId);
      if (!rebalance) return null;
      const at = now();
      const stopped = rebalance.failure !== null;
      // A job that ended without storing a result (retries exhausted, stalled too often) is failed;
      // after fail-fast, whatever did not run is cancelled.
      const { progress } = await portfolioResults.closeUnfinished(
        rebalanceId,
        rebalance.portfolio_ids,
        stopped ? "cancelled" : "failed",
        stopped ? `Cancelled: ${rebalance.failure?.message}` : "The portfolio job ended without a result.",
        at,
      );
      const status = rebalance.final_progress
        ? rebalance.status
        : finalStatus(progress, rebalance.number_of_portfolios, stopped);
      await rebalances.finish(rebalanceId, status, progress, at);
      if (status !== "failed") await models.setLastRebalanceDate(rebalance.model_id, rebalance.completed_at ?? at);
      await rebalances.releasePortfolios(rebalanceId);
      // completed_at as stored (a re-run keeps the first run's), so the webhook event is the same bytes (SPEC §6).
      const finished = {
        rebalance: { ...rebalance, portfolio_ids: [], completed_at: rebalance.completed_at ?? at },
        status,
        progress,
      };
      await deps.onFinished(finished);
      // Only now is the rebalance settled; until then the workers' repair sweep re-runs this finaliser.
      await rebalances.markFollowedUp(rebalanceId);
      return finished;
    },
  };
}

export type Finalizer = ReturnType<typeof createFinalizer>;
