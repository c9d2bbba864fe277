// Enqueues webhook delivery jobs (SPEC §6). The first run of a delivery has a deterministic job id,
// so a finaliser that runs twice sends each event once; the n-th redelivery gets its own id so it always runs.
// Both derive from the stored delivery, so the workers' repair can look a pending delivery's job up.
// `attempts` follows the retry schedule: the first attempt plus one per scheduled retry.
import { Queue } from "bullmq";
import type { RedisConnection } from "./connection.js";
import { jobCatalog, type JobPayload } from "./catalog.js";
import { currentDeliveryJobId, redeliveryJobId, webhookJobId } from "./job-ids.js";
import { telemetryOption } from "./telemetry.js";

export interface WebhookProducerSettings {
  connection: RedisConnection;
  /** BullMQ key prefix (`QUEUE_PREFIX`). */
  prefix: string;
  /** Number of retries after the first attempt (`WEBHOOK_RETRY_SCHEDULE` length). */
  retries: number;
  onError?: (error: Error) => void;
}

export interface WebhookProducer {
  /** The delivery's first run; repeating it while the job exists adds nothing. */
  enqueueDelivery(deliveryId: string, requestId: string): Promise<void>;
  /** The `redelivery`-th new run of an existing delivery (same `webhook-id`, attempts start again). */
  enqueueRedelivery(deliveryId: string, requestId: string, redelivery: number): Promise<void>;
  /** The current run's job (see currentDeliveryJobId): `missing`, `failed` (with BullMQ's reason) or `present`. */
  currentJobState(
    deliveryId: string,
    redeliveries: number,
  ): Promise<{ state: "missing" | "present" } | { state: "failed"; reason: string }>;
  /** Adds the current run's job again (the repair of a pending delivery whose job is gone); a no-op while it exists. */
  enqueueCurrent(deliveryId: string, requestId: string, redeliveries: number): Promise<void>;
  close(): Promise<void>;
}

export function createWebhookProducer({
  connection,
  prefix,
  retries,
  onError,
}: WebhookProducerSettings): WebhookProducer {
  const definition = jobCatalog["deliver-webhook"];
  const queue = new Queue(definition.queue, { connection, prefix, ...telemetryOption() });
  queue.on("error", (error: Error) => onError?.(error));
  async function add(deliveryId: string, requestId: string, jobId: string): Promise<void> {
    const data: JobPayload<"deliver-webhook"> = { delivery_id: deliveryId, request_id: requestId };
    await queue.add("deliver-webhook", data, { ...definition.options, attempts: retries + 1, jobId });
  }
  return {
    enqueueDelivery: (deliveryId, requestId) => add(deliveryId, requestId, webhookJobId(deliveryId)),
    enqueueRedelivery: (deliveryId, requestId, redelivery) =>
      add(deliveryId, requestId, redeliveryJobId(deliveryId, redelivery)),
    async currentJobState(deliveryId, redeliveries) {
      const job = await queue.getJob(currentDeliveryJobId(deliveryId, redeliveries));
      if (job === undefined) return { state: "missing" };
      return (await job.isFailed()) ? { state: "failed", reason: job.failedReason } : { state: "present" };
    },
    enqueueCurrent: (deliveryId, requestId, redeliveries) =>
      add(deliveryId, requestId, currentDeliveryJobId(deliveryId, redeliveries)),
    close: () => queue.close(),
  };
}
