// Thin job edges (ARCHITECTURE "Thin edges"): each handler builds the job's child logger, calls one
// service function, counts the job's outcome (ops/known-series.ts JOB_OUTCOMES), and maps it to a job state —
// a portfolio stored as `failed` fails the job without retries (JobFailedError), so Bull Board's failed set is
// real, and a finaliser that settled a rebalance is a completed job whatever the rebalance's final status.
import type { Logger, Metrics } from "@ogs/observability";
import { JobFailedError, QUEUE_NAMES, type HandlerMap, type JobDelivery } from "@ogs/queue";
import type { JobOutcome, MeasuredQueue } from "../ops/known-series.js";
import type { Finalizer } from "../processing/finalizer.js";
import type { PortfolioProcessor } from "../processing/portfolio-processor.js";

export interface HandlerDeps {
  processor: PortfolioProcessor;
  finalizer: Finalizer;
  logger: Logger;
  metrics: Metrics;
}

/** Every handler but webhook delivery and the repair sweep, which worker-app adds from src/webhooks and src/ops. */
export function createHandlers({
  processor,
  finalizer,
  logger,
  metrics,
}: HandlerDeps): Omit<HandlerMap, "deliver-webhook" | "repair-sweep"> {
  /**
   * Times and counts one job. An exception means BullMQ retries it while attempts remain: counted `retried`,
   * or `failed` (and logged as an error) on the last attempt, after which the job fails for good.
   */
  async function measured<Q extends MeasuredQueue, T extends { outcome: JobOutcome<Q> }>(
    queue: Q,
    log: Logger,
    delivery: JobDelivery,
    run: () => Promise<T>,
  ): Promise<T> {
    const stopTimer = metrics.jobDuration.startTimer({ queue });
    try {
      const result = await run();
      stopTimer({ outcome: result.outcome });
      metrics.jobsProcessed.inc({ queue, outcome: result.outcome });
      return result;
    } catch (error) {
      const last = delivery.attempt >= delivery.maxAttempts;
      stopTimer({ outcome: last ? "failed" : "retried" });
      metrics.jobsProcessed.inc({ queue, outcome: last ? "failed" : "retried" });
      metrics.jobFailures.inc({ queue, reason: error instanceof Error ? error.name : "unknown" });
      if (last)
        log.error({ err: error, attempts: delivery.attempt }, "job failed on its last attempt; it will not be retried");
      else
        log.warn(
          { err: error, attempts_left: delivery.maxAttempts - delivery.attempt },
          "job failed; it will be retried",
        );
      throw error;
    }
  }

  return {
    async "rebalance-portfolio"(payload, delivery) {
      const queue = QUEUE_NAMES.portfolios;
      const log = logger.child({
        request_id: payload.request_id,
        rebalance_id: payload.rebalance_id,
        portfolio_id: payload.portfolio_id,
        job_id: delivery.jobId,
        attempt: delivery.attempt,
      });
      const job = {
        rebalanceId: payload.rebalance_id,
        portfolioId: payload.portfolio_id,
        index: payload.index,
        attempt: delivery.attempt,
        maxAttempts: delivery.maxAttempts,
        deliveries: delivery.deliveries,
        logger: log,
      };
      const { outcome, error, reason } = await measured(queue, log, delivery, async () => {
        const result = await processor.process(job);
        return { outcome: result.status, error: result.error, reason: result.reason };
      });
      log.info({ outcome, error }, "portfolio job finished");
      if (outcome === "failed") {
        // By error class, as the runbook reads it: DependencyUnavailableError (fail-fast), BadUpstreamDataError, ...
        metrics.jobFailures.inc({ queue, reason: reason ?? "portfolio_failed" });
        throw new JobFailedError(error ?? "portfolio failed");
      }
    },

    async "finalize-rebalance"(payload, delivery) {
      const log = logger.child({
        request_id: payload.request_id,
        rebalance_id: payload.rebalance_id,
        job_id: delivery.jobId,
        attempt: delivery.attempt,
      });
      const { finished } = await measured(QUEUE_NAMES.finalizer, log, delivery, async () => {
        const result = await finalizer.finalize(payload.rebalance_id);
        return { outcome: result ? "completed" : "skipped", finished: result };
      });
      if (!finished) {
        log.info("rebalance no longer exists; nothing to finalise");
        return;
      }
      // The rebalance's outcome, on its own series: a failed rebalance is a job done, not a job failed.
      metrics.rebalancesFinished.inc({ status: finished.status });
      log.info({ status: finished.status, progress: finished.progress }, "rebalance finished");
    },
  };
}
