// A delivery job can end without its handler recording a final attempt: BullMQ fails a job whose worker
// died more than JOB_MAX_STALLED_COUNT times (no handler runs then, and the Worker emits no event), or a
// job whose handler kept failing unexpectedly. Left alone, such a delivery would read `pending` forever.
// Every worker listens to the delivery queue's global `failed` events and marks the delivery `failed`
// with one attempt naming the reason; the store's conditional update makes the many listeners agree.
//
// The events are read from this process's start (not from "now" at the first read), so a failure that the
// worker's own first stalled-job check detects is not missed. Events are the source: a failure while no
// worker runs at all cannot happen, because it is a running worker that detects it.
import type { Logger, Metrics } from "@ogs/observability";
import { deliveryIdOfJob, openQueueEvents, QUEUE_NAMES, type RedisConnection } from "@ogs/queue";
import type { DeliveryAttempt, Store } from "@ogs/store";

export interface FailedDeliveryWatcher {
  close(): Promise<void>;
}

/** The attempt recorded on a delivery whose job BullMQ failed without a final attempt (by this watcher or the repair sweep). */
export function jobFailedAttempt(reason: string, at: Date): DeliveryAttempt {
  return { at, error: `The delivery job failed before a final attempt was recorded: ${reason}`, duration_ms: 0 };
}

/** The millisecond part of a Redis stream entry id (`<ms>-<seq>`): when the event was written. */
function eventTime(eventId: string): Date {
  const ms = Number.parseInt(eventId.split("-")[0] ?? "", 10);
  return Number.isFinite(ms) ? new Date(ms) : new Date();
}

export function watchFailedDeliveries({
  connection,
  prefix,
  deliveries,
  logger,
  metrics,
  since = Date.now(),
}: {
  /** A `worker`-role connection (one Redis or a cluster): the events are read with blocking commands. */
  connection: RedisConnection;
  prefix: string;
  deliveries: Pick<Store["webhookDeliveries"], "failIfPending">;
  logger: Logger;
  metrics: Metrics;
  /** Events written from this time on are read. @defaultValue now */
  since?: number;
}): FailedDeliveryWatcher {
  const events = openQueueEvents({
    connection,
    prefix,
    queue: QUEUE_NAMES.webhooks,
    since,
    onError: (error) => logger.warn({ err: error, queue: QUEUE_NAMES.webhooks }, "webhook queue events error"),
  });
  events.onFailed(({ jobId, failedReason, eventId: id }) => {
    const deliveryId = deliveryIdOfJob(jobId);
    if (deliveryId === undefined) return;
    const at = eventTime(id);
    deliveries
      .failIfPending(deliveryId, jobFailedAttempt(failedReason, at), at)
      .then((applied) => {
        if (!applied) return;
        metrics.webhookDeliveries.inc({ outcome: "failed" });
        logger.warn(
          { delivery_id: deliveryId, job_id: jobId, reason: failedReason },
          "webhook delivery failed: its job ended without a final attempt",
        );
      })
      .catch((error: unknown) =>
        logger.warn(
          { err: error, delivery_id: deliveryId, job_id: jobId },
          "could not mark a failed webhook delivery; it stays pending until redelivered",
        ),
      );
  });
  return { close: () => events.close() };
}
