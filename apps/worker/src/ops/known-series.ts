// The label values a worker knows before its first job (SPEC §7 "series from the start"): its queues, what
// their jobs end with (handlers.ts counts a stored outcome, or `retried`/`failed` for a thrown error), the
// error classes the runbook reads failures by, and the GlobeCo services it calls. @ogs/observability turns
// them into series at 0 (initialiseWorkerSeries).
import { SERVICE_NAMES } from "@ogs/clients";
import {
  BadUpstreamDataError,
  DependencyUnavailableError,
  FINAL_PORTFOLIO_STATUSES,
  UpstreamNotFoundError,
} from "@ogs/domain";
import type { WorkerSeries } from "@ogs/observability";
import { ALL_QUEUE_NAMES, QUEUE_NAMES } from "@ogs/queue";

/** The final statuses of a rebalance, which its finaliser job is counted with. */
const FINAL_REBALANCE_STATUSES = ["completed", "completed_with_errors", "failed"];

export const WORKER_SERIES: WorkerSeries = {
  queues: ALL_QUEUE_NAMES,
  jobOutcomes: {
    [QUEUE_NAMES.portfolios]: [...FINAL_PORTFOLIO_STATUSES, "retried"],
    [QUEUE_NAMES.finalizer]: [...FINAL_REBALANCE_STATUSES, "retried"],
  },
  failureReasons: {
    // A required service down (fail-fast), and bad reference data: the runbook's OgsJobFailureRatioHigh causes.
    [QUEUE_NAMES.portfolios]: [DependencyUnavailableError.name, BadUpstreamDataError.name, UpstreamNotFoundError.name],
    // MongoDB unreachable from the finaliser.
    [QUEUE_NAMES.finalizer]: [DependencyUnavailableError.name],
  },
  services: SERVICE_NAMES,
};
