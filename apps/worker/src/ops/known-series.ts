// The label values a worker knows before its first job (SPEC §7 "series from the start"): its queues, what
// their jobs end with (handlers.ts), the final statuses of a rebalance, the error classes the runbook reads
// failures by, and the GlobeCo services it calls. @ogs/observability turns them into series at 0
// (initialiseWorkerSeries).
import { SERVICE_NAMES } from "@ogs/clients";
import {
  BadUpstreamDataError,
  DependencyUnavailableError,
  FINAL_PORTFOLIO_STATUSES,
  REBALANCE_STATUSES,
  UpstreamNotFoundError,
  isActiveRebalanceStatus,
} from "@ogs/domain";
import type { WorkerSeries } from "@ogs/observability";
import { ALL_QUEUE_NAMES, QUEUE_NAMES } from "@ogs/queue";

/**
 * How a job ends, on every queue: `failed` only when the job itself failed for good (BullMQ's failed set, what
 * ogs:job_failure_ratio:rate5m counts), `retried` when an attempt threw and another follows, otherwise a
 * completed job — on the portfolio queue named by the portfolio's stored outcome (completed, infeasible,
 * cancelled; a portfolio stored `failed` fails its job), on the finaliser queue `completed`; `skipped` when there
 * was nothing left to do (the outcome already stored, the rebalance deleted). A rebalance's final status is not a
 * job outcome: ogs_rebalances_finished_total. handlers.ts can record no other value (its type says so).
 */
export const JOB_OUTCOMES = {
  [QUEUE_NAMES.portfolios]: [...FINAL_PORTFOLIO_STATUSES, "skipped", "retried"],
  [QUEUE_NAMES.finalizer]: ["completed", "skipped", "failed", "retried"],
} as const;

export type MeasuredQueue = keyof typeof JOB_OUTCOMES;
/** What a completed or failed job of `Q` is counted with. */
export type JobOutcome<Q extends MeasuredQueue> = (typeof JOB_OUTCOMES)[Q][number];

/** The final statuses of a rebalance (ogs_rebalances_finished_total{status}). */
export const FINAL_REBALANCE_STATUSES = REBALANCE_STATUSES.filter((status) => !isActiveRebalanceStatus(status));

export const WORKER_SERIES: WorkerSeries = {
  queues: ALL_QUEUE_NAMES,
  jobOutcomes: JOB_OUTCOMES,
  rebalanceStatuses: FINAL_REBALANCE_STATUSES,
  failureReasons: {
    // A required service down (fail-fast), and bad reference data: the runbook's OgsJobFailureRatioHigh causes.
    [QUEUE_NAMES.portfolios]: [DependencyUnavailableError.name, BadUpstreamDataError.name, UpstreamNotFoundError.name],
    // MongoDB unreachable from the finaliser.
    [QUEUE_NAMES.finalizer]: [DependencyUnavailableError.name],
  },
  services: SERVICE_NAMES,
};
