// Enqueues webhook delivery jobs (SPEC §6, issue 7). The first run of a delivery has a deterministic job id,
// so a finaliser that runs twice sends each event once; a redelivery gets a fresh id so it always runs.
// `attempts` follows the retry schedule: the first attempt plus one per scheduled retry.
import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { jobCatalog, type JobPayload } from "./catalog.js";
import { redeliveryJobId, webhookJobId } from "./job-ids.js";

export interface WebhookProducerSettings {
  connection: Redis;
  /** BullMQ key prefix (`QUEUE_PREFIX`). */
  prefix: string;
  /** Number of retries after the first attempt (`WEBHOOK_RETRY_SCHEDULE` length). */
  retries: number;
  onError?: (error: Error) => void;
}

export interface WebhookProducer {
  /** The delivery's first run; repeating it while the job exists adds nothing. */
  enqueueDelivery(deliveryId: string, requestId: string): Promise<void>;
  /** A new run of an existing delivery (same `webhook-id`, attempts start again). */
  enqueueRedelivery(deliveryId: string, requestId: string): Promise<void>;
  close(): Promise<void>;
}

export function createWebhookProducer({ connection, prefix, retries, onError }: WebhookProducerSettings): WebhookProducer {
  const definition = jobCatalog["deliver-webhook"];
  const queue = new Queue(definition.queue, { connection, prefix });
  queue.on("error", (error: Error) => onError?.(error));
  async function add(deliveryId: string, requestId: string, jobId: string): Promise<void> {
    const data: JobPayload<"deliver-webhook"> = { delivery_id: deliveryId, request_id: requestId };
    await queue.add("deliver-webhook", data, { ...definition.options, attempts: retries + 1, jobId });
  }
  return {
    enqueueDelivery: (deliveryId, requestId) => add(deliveryId, requestId, webhookJobId(deliveryId)),
    enqueueRedelivery: (deliveryId, requestId) => add(deliveryId, requestId, redeliveryJobId(deliveryId, randomUUID().slice(0, 8))),
    close: () => queue.close(),
  };
}
