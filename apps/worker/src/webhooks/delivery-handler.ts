// The thin edge of a webhook delivery job: one `deliverOnce`, mapped to a job state. `retry`
// throws so BullMQ retries after the schedule's delay (the worker's custom backoff computes the same delay);
// `give-up` and `done` complete the job, because the delivery document already records the outcome.
import type { Logger } from "@ogs/observability";
import type { Handler } from "@ogs/queue";
import { deliverOnce, type DeliverOnceDeps } from "@ogs/webhooks";

/** Thrown for a retryable attempt; BullMQ keeps the job and runs it again after the scheduled delay. */
export class WebhookRetryError extends Error {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
    this.name = "WebhookRetryError";
  }
}

export function createWebhookHandler(deps: DeliverOnceDeps & { logger: Logger }): Handler<"deliver-webhook"> {
  return async (payload, delivery) => {
    const log = deps.logger.child({
      request_id: payload.request_id,
      delivery_id: payload.delivery_id,
      job_id: delivery.jobId,
      attempt: delivery.attempt,
    });
    const step = await deliverOnce({ delivery_id: payload.delivery_id, attempt: delivery.attempt }, deps);
    if (step.action === "retry") {
      log.info({ error: step.error, retry_in_ms: step.delay_ms }, "webhook attempt failed; retrying");
      throw new WebhookRetryError(step.error, step.delay_ms);
    }
    if (step.action === "give-up") log.warn({ reason: step.reason }, "webhook delivery failed");
    else log.info({ reason: step.reason }, "webhook delivered");
  };
}
