// One run of a delivery job: load the delivery, send it once, record the attempt atomically, and
// tell the job what comes next. The job handler stays thin: done → complete, retry → throw so BullMQ waits
// `delay_ms` (the same value `scheduleBackoff` computes), give-up → complete without retrying.
import type { Metrics } from "@ogs/observability";
import type {
  DeliveryAttempt,
  WebhookDeliveryRepository,
  WebhookDeliveryStatus,
  WebhookEndpointRepository,
} from "@ogs/store";
import { nextRetry } from "./retry-schedule.js";
import type { AttemptResult, WebhookSender } from "./sender.js";

export type DeliveryStep =
  | { action: "done"; reason: "delivered" | "already-delivered" }
  | { action: "retry"; delay_ms: number; error: string }
  | { action: "give-up"; reason: string };

export interface DeliverOnceInput {
  delivery_id: string;
  /** 1-based attempt number within this job (BullMQ `job.attemptsMade + 1`); a redelivery starts again at 1. */
  attempt: number;
}

export interface DeliverOnceDeps {
  deliveries: Pick<WebhookDeliveryRepository, "findById" | "recordAttempt">;
  endpoints: Pick<WebhookEndpointRepository, "findById">;
  sender: Pick<WebhookSender, "send">;
  /** `WEBHOOK_SECRET`, for per-request callbacks. */
  serviceSecret: string | undefined;
  /** `WEBHOOK_RETRY_SCHEDULE` in seconds. */
  retrySchedule: readonly number[];
  metrics: Pick<Metrics, "webhookDeliveries" | "webhookAttemptDuration">;
}

/** Metric label of one attempt: the catalogue's delivered / retrying / failed. */
type MetricOutcome = "delivered" | "retrying" | "failed";

function toAttempt({ at, status_code, error, duration_ms }: AttemptResult): DeliveryAttempt {
  return {
    at,
    ...(status_code === undefined ? {} : { status_code }),
    ...(error === undefined ? {} : { error }),
    duration_ms,
  };
}

function decide(
  result: AttemptResult,
  attempt: number,
  schedule: readonly number[],
): { status: WebhookDeliveryStatus; step: DeliveryStep; metric: MetricOutcome } {
  if (result.outcome === "delivered")
    return { status: "delivered", step: { action: "done", reason: "delivered" }, metric: "delivered" };
  const error = result.error ?? `HTTP ${result.status_code ?? "error"}`;
  if (result.outcome === "failed")
    return { status: "failed", step: { action: "give-up", reason: error }, metric: "failed" };
  const retry = nextRetry(schedule, attempt);
  if (retry.exhausted)
    return {
      status: "failed",
      step: { action: "give-up", reason: `retries exhausted after ${attempt} attempts; last: ${error}` },
      metric: "failed",
    };
  return { status: "pending", step: { action: "retry", delay_ms: retry.delay_ms, error }, metric: "retrying" };
}

/** The secret that signs this delivery, or why there is none (then nothing is sent). */
async function secretFor(
  endpointId: string | undefined,
  deps: DeliverOnceDeps,
): Promise<{ secret: string } | { error: string }> {
  if (endpointId === undefined) {
    return deps.serviceSecret === undefined
      ? { error: "WEBHOOK_SECRET is not configured; per-request callbacks cannot be signed" }
      : { secret: deps.serviceSecret };
  }
  const endpoint = await deps.endpoints.findById(endpointId);
  return endpoint === undefined ? { error: `webhook endpoint ${endpointId} was deleted` } : { secret: endpoint.secret };
}

export async function deliverOnce(
  { delivery_id, attempt }: DeliverOnceInput,
  deps: DeliverOnceDeps,
): Promise<DeliveryStep> {
  const delivery = await deps.deliveries.findById(delivery_id);
  if (delivery === undefined) return { action: "give-up", reason: `delivery ${delivery_id} no longer exists` };
  // A job retried after a crash that followed a successful send must not send again.
  if (delivery.status === "delivered") return { action: "done", reason: "already-delivered" };
  const signing = await secretFor(delivery.endpoint_id, deps);
  if ("error" in signing) {
    await deps.deliveries.recordAttempt(
      delivery_id,
      { at: new Date(), error: signing.error, duration_ms: 0 },
      "failed",
    );
    deps.metrics.webhookDeliveries.inc({ outcome: "failed" });
    return { action: "give-up", reason: signing.error };
  }
  const result = await deps.sender.send({
    url: delivery.destination,
    webhookId: delivery.webhook_id,
    payload: delivery.payload,
    secret: signing.secret,
  });
  const { status, step, metric } = decide(result, attempt, deps.retrySchedule);
  await deps.deliveries.recordAttempt(delivery_id, toAttempt(result), status);
  deps.metrics.webhookDeliveries.inc({ outcome: metric });
  deps.metrics.webhookAttemptDuration.observe({ outcome: metric }, result.duration_ms / 1000);
  return step;
}
