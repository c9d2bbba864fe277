// Thin job edges (ARCHITECTURE "Thin edges"): each handler builds the job's child logger, calls one
// service function, counts the outcome, and maps it to a job state — a portfolio stored as `failed`
// fails the job without retries (UnrecoverableError), so Bull Board's failed set is real.
import { UnrecoverableError } from "bullmq";
import type { Logger, Metrics } from "@ogs/observability";
import { QUEUE_NAMES, type HandlerMap } from "@ogs/queue";
import type { Finalizer } from "../processing/finalizer.js";
import type { PortfolioProcessor } from "../processing/portfolio-processor.js";

export interface HandlerDeps {
  processor: PortfolioProcessor;
  finalizer: Finalizer;
  logger: Logger;
  metrics: Metrics;
}

export function createHandlers({ processor, finalizer, logger, metrics }: HandlerDeps): HandlerMap {
  return {
    async "rebalance-portfolio"(payload, delivery) {
      const queue = QUEUE_NAMES.portfolios;
      const log = logger.child({ request_id: payload.request_id, rebalance_id: payload.rebalance_id, portfolio_id: payload.portfolio_id, job_id: delivery.jobId, attempt: delivery.attempt });
      const stopTimer = metrics.jobDuration.startTimer({ queue });
      log.debug("portfolio job started");
      let outcome;
      try {
        outcome = await processor.process({ rebalanceId: payload.rebalance_id, portfolioId: payload.portfolio_id, attempt: delivery.attempt, maxAttempts: delivery.maxAttempts, logger: log });
      } catch (error) {
        stopTimer({ outcome: "retried" });
        metrics.jobsProcessed.inc({ queue, outcome: "retried" });
        metrics.jobFailures.inc({ queue, reason: error instanceof Error ? error.name : "unknown" });
        log.warn({ err: error }, "portfolio job failed; it will be retried");
        throw error;
      }
      stopTimer({ outcome: outcome.status });
      metrics.jobsProcessed.inc({ queue, outcome: outcome.status });
      log.info({ outcome: outcome.status, error: outcome.error }, "portfolio job finished");
      if (outcome.status === "failed") {
        metrics.jobFailures.inc({ queue, reason: "portfolio_failed" });
        throw new UnrecoverableError(outcome.error ?? "portfolio failed");
      }
    },

    async "finalize-rebalance"(payload, delivery) {
      const queue = QUEUE_NAMES.finalizer;
      const log = logger.child({ request_id: payload.request_id, rebalance_id: payload.rebalance_id, job_id: delivery.jobId, attempt: delivery.attempt });
      const stopTimer = metrics.jobDuration.startTimer({ queue });
      try {
        const finished = await finalizer.finalize(payload.rebalance_id);
        const outcome = finished ? finished.status : "skipped";
        stopTimer({ outcome });
        metrics.jobsProcessed.inc({ queue, outcome });
        log.info({ status: finished?.status, progress: finished?.progress }, finished ? "rebalance finished" : "rebalance no longer exists; nothing to finalise");
      } catch (error) {
        stopTimer({ outcome: "retried" });
        metrics.jobsProcessed.inc({ queue, outcome: "retried" });
        metrics.jobFailures.inc({ queue, reason: error instanceof Error ? error.name : "unknown" });
        log.warn({ err: error }, "finaliser failed; it will be retried");
        throw error;
      }
    },
  };
}
