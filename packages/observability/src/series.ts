// Series from the start (SPEC §7; the Prometheus instrumentation guide's "avoid missing metrics"): every
// labelled counter and histogram whose label values are known in advance gets its series at 0 when the
// process starts. A healthy fleet's first scrape then already has every series the dashboard and the alerts
// read — panels show 0, not "no data" — and `rate()`/`increase()` see the first failure, which a series born
// at 1 would hide. Label values owned by the catalogue are listed here; queues, services and job outcomes
// come from the packages that own them (the worker passes them in).
import type { Metrics } from "./metrics.js";

/** Response modes of a submitted rebalance (ogs_rebalances_submitted_total{mode}). */
export const SUBMISSION_MODES = ["sync", "async"] as const;
/** Outcomes of one GlobeCo call (ogs_external_request_duration_seconds{outcome}). */
export const EXTERNAL_OUTCOMES = [
  "success",
  "not_found",
  "http_4xx",
  "http_5xx",
  "timeout",
  "connection",
  "breaker_open",
] as const;
/** Reasons a GlobeCo call failed (ogs_external_request_failures_total{reason}): every outcome but an answer. */
export const EXTERNAL_FAILURE_REASONS = EXTERNAL_OUTCOMES.filter(
  (outcome) => outcome !== "success" && outcome !== "not_found",
);
/** Optimizer solve statuses (ogs_solver_duration_seconds{status}). */
export const SOLVER_STATUSES = ["optimal", "infeasible", "timeout", "nothing_to_rebalance", "error"] as const;
/** Outcomes of one webhook attempt (ogs_webhook_deliveries_total, ogs_webhook_attempt_duration_seconds). */
export const WEBHOOK_OUTCOMES = ["delivered", "retrying", "failed"] as const;
/** What the repair sweep does, per kind (ogs_repairs_total{kind,outcome}). */
export const REPAIR_OUTCOMES = {
  rebalance: ["enqueued", "finalizer_retried", "failed"],
  webhook_delivery: ["enqueued", "failed_delivery", "failed"],
} as const;

/**
 * What only the worker knows: its queues, the outcomes and failure reasons of their jobs, the final statuses of a
 * rebalance, the services it calls.
 */
export interface WorkerSeries {
  /** Every queue the worker runs (ogs_jobs_stalled_total{queue}). */
  queues: readonly string[];
  /** Per queue, the outcomes its jobs are counted with (ogs_jobs_processed_total, ogs_job_duration_seconds). */
  jobOutcomes: Readonly<Record<string, readonly string[]>>;
  /** The final statuses a finalised rebalance is counted with (ogs_rebalances_finished_total). */
  rebalanceStatuses: readonly string[];
  /** Per queue, the failure reasons — error class names — the runbook names (ogs_job_failures_total). */
  failureReasons: Readonly<Record<string, readonly string[]>>;
  /** The GlobeCo services called (ogs_external_request_*{service}). */
  services: readonly string[];
}

/** The API's series: submissions by mode. */
export function initialiseApiSeries(metrics: Metrics): void {
  for (const mode of SUBMISSION_MODES) metrics.rebalancesSubmitted.inc({ mode }, 0);
}

/** The worker's series: jobs, finalised rebalances, failures, stalls, repairs, solves, GlobeCo calls, webhook attempts. */
export function initialiseWorkerSeries(metrics: Metrics, known: WorkerSeries): void {
  for (const queue of known.queues) metrics.jobsStalled.inc({ queue }, 0);
  for (const [queue, outcomes] of Object.entries(known.jobOutcomes))
    for (const outcome of outcomes) {
      metrics.jobsProcessed.inc({ queue, outcome }, 0);
      metrics.jobDuration.zero({ queue, outcome });
    }
  for (const status of known.rebalanceStatuses) metrics.rebalancesFinished.inc({ status }, 0);
  for (const [queue, reasons] of Object.entries(known.failureReasons))
    for (const reason of reasons) metrics.jobFailures.inc({ queue, reason }, 0);
  for (const [kind, outcomes] of Object.entries(REPAIR_OUTCOMES))
    for (const outcome of outcomes) metrics.repairs.inc({ kind, outcome }, 0);
  for (const status of SOLVER_STATUSES) metrics.solverDuration.zero({ status });
  for (const service of known.services) {
    for (const outcome of EXTERNAL_OUTCOMES) metrics.externalRequestDuration.zero({ service, outcome });
    for (const reason of EXTERNAL_FAILURE_REASONS) metrics.externalRequestFailures.inc({ service, reason }, 0);
  }
  for (const outcome of WEBHOOK_OUTCOMES) {
    metrics.webhookDeliveries.inc({ outcome }, 0);
    metrics.webhookAttemptDuration.zero({ outcome });
  }
}
