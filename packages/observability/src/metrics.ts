// The metrics catalogue (SPEC §7). Every process builds the same registry so names and labels never drift;
// each process only records the series it owns (series.ts creates those whose labels are known at start).
// infra/ rules and dashboards refer to these names.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { declareHttpMetrics } from "./http-metrics.js";
import { exportRegistry } from "./telemetry/state.js";

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export function createMetrics(service: string) {
  const registry = new Registry();
  // `app` (not `service`): the clients' metrics use `service` for the GlobeCo service they call.
  registry.setDefaultLabels({ app: service });
  collectDefaultMetrics({ register: registry, prefix: "ogs_" });
  // The same series over OTLP when the process exports metrics (telemetry/prometheus-producer.ts).
  exportRegistry(registry);
  const registers = [registry];
  /** Per GlobeCo service, how to read its breaker's state (0 closed, 1 half-open, 2 open): see reportBreakerState. */
  const breakerStates = new Map<string, () => number>();
  return {
    registry,
    /** The GlobeCo suite's standard HTTP metrics: http_requests_total, http_request_duration (ms), http_requests_in_flight. */
    ...declareHttpMetrics(registers),
    /** API: request duration by method, route template and status code. */
    httpRequestDuration: new Histogram({
      name: "ogs_http_request_duration_seconds",
      help: "HTTP request duration by method, route template and status code.",
      labelNames: ["method", "route", "status_code"] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    /** Rebalances submitted through the API, by response mode (sync, async). */
    rebalancesSubmitted: new Counter({
      name: "ogs_rebalances_submitted_total",
      help: "Rebalances accepted by the API, by response mode.",
      labelNames: ["mode"] as const,
      registers,
    }),
    /**
     * Worker: jobs processed by queue and outcome — the job's own, on every queue: `completed` (a portfolio job's
     * also `infeasible` or `cancelled`, by the portfolio's stored outcome), `skipped` (nothing left to do), `failed`
     * (failed for good: BullMQ's failed set) or `retried` (another attempt follows).
     */
    jobsProcessed: new Counter({
      name: "ogs_jobs_processed_total",
      help: "Jobs processed by queue and outcome of the job (failed = failed for good, retried = another attempt follows).",
      labelNames: ["queue", "outcome"] as const,
      registers,
    }),
    /** Worker: rebalances finalised, by final status (completed, completed_with_errors, failed). */
    rebalancesFinished: new Counter({
      name: "ogs_rebalances_finished_total",
      help: "Rebalances the workers finalised, by final status.",
      labelNames: ["status"] as const,
      registers,
    }),
    /** Worker: failures by queue and reason (error class name). */
    jobFailures: new Counter({
      name: "ogs_job_failures_total",
      help: "Job failures by queue and reason.",
      labelNames: ["queue", "reason"] as const,
      registers,
    }),
    /** Worker: jobs reported stalled by BullMQ (lock lost; the job is retried). */
    jobsStalled: new Counter({
      name: "ogs_jobs_stalled_total",
      help: "Jobs that BullMQ detected as stalled, by queue.",
      labelNames: ["queue"] as const,
      registers,
    }),
    /**
     * Worker: what the repair sweep found and fixed — kind `rebalance` (outcome enqueued, finalizer_retried)
     * or `webhook_delivery` (outcome enqueued, failed_delivery) — or outcome `failed` when a check or repair failed.
     */
    repairs: new Counter({
      name: "ogs_repairs_total",
      help: "Repairs made by the workers' sweep, by kind (rebalance, webhook_delivery) and outcome (enqueued, finalizer_retried, failed_delivery, failed).",
      labelNames: ["kind", "outcome"] as const,
      registers,
    }),
    /** Worker: wall time of one job, by queue and outcome. */
    jobDuration: new Histogram({
      name: "ogs_job_duration_seconds",
      help: "Job processing time by queue and outcome.",
      labelNames: ["queue", "outcome"] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    /** Optimizer: solve time by status (optimal, infeasible, timeout, error). */
    solverDuration: new Histogram({
      name: "ogs_solver_duration_seconds",
      help: "Optimizer solve time by status.",
      labelNames: ["status"] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30],
      registers,
    }),
    /** Clients: outbound call duration by service and outcome (success, http_4xx, http_5xx, timeout, connection, breaker_open). */
    externalRequestDuration: new Histogram({
      name: "ogs_external_request_duration_seconds",
      help: "Outbound call duration to GlobeCo services by service and outcome.",
      labelNames: ["service", "outcome"] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    /** Clients: failed outbound calls by service and reason. */
    externalRequestFailures: new Counter({
      name: "ogs_external_request_failures_total",
      help: "Failed outbound calls to GlobeCo services by service and reason.",
      labelNames: ["service", "reason"] as const,
      registers,
    }),
    /** Clients: circuit-breaker state by service (0 closed, 1 half-open, 2 open), as the next call would meet it. */
    circuitBreakerState: new Gauge({
      name: "ogs_circuit_breaker_state",
      help: "Circuit breaker state by service, as the next call would meet it: 0 closed, 1 half-open, 2 open.",
      labelNames: ["service"] as const,
      registers,
      // Read when the registry is (a scrape, an OTLP export), not set on a state change: a breaker changes state
      // only when a call comes, so the state it last changed to goes stale on an idle process.
      collect() {
        for (const [service, read] of breakerStates) this.set({ service }, read());
      },
    }),
    /** Clients: how ogs_circuit_breaker_state reads `service`'s breaker, from now on (its series exists at once). */
    reportBreakerState(service: string, read: () => number): void {
      breakerStates.set(service, read);
    },
    /** Queue depth by queue and state (waiting, active, delayed, failed, completed, waiting-children, prioritized). */
    queueJobs: new Gauge({
      name: "ogs_queue_jobs",
      help: "Jobs in each queue by state.",
      labelNames: ["queue", "state"] as const,
      registers,
    }),
    /** Age of the oldest waiting job by queue, 0 when none waits. */
    queueOldestWaitingAge: new Gauge({
      name: "ogs_queue_oldest_waiting_job_age_seconds",
      help: "Age in seconds of the oldest waiting job, by queue.",
      labelNames: ["queue"] as const,
      registers,
    }),
    /** Webhooks: deliveries by outcome (delivered, retrying, failed). */
    webhookDeliveries: new Counter({
      name: "ogs_webhook_deliveries_total",
      help: "Webhook delivery attempts by outcome.",
      labelNames: ["outcome"] as const,
      registers,
    }),
    /** Webhooks: duration of one delivery attempt by outcome. */
    webhookAttemptDuration: new Histogram({
      name: "ogs_webhook_attempt_duration_seconds",
      help: "Duration of one webhook delivery attempt by outcome.",
      labelNames: ["outcome"] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
