// Webhook delivery in the worker process (SPEC §6): one guarded sender per process, the producer
// the finaliser enqueues with, the job handler and the backoff strategy that follows WEBHOOK_RETRY_SCHEDULE.
import type { Logger, Metrics } from "@ogs/observability";
import { createWebhookProducer, type WebhookProducerSettings } from "@ogs/queue";
import type { Store } from "@ogs/store";
import { createWebhookSender, scheduleBackoff } from "@ogs/webhooks";
import type { WorkerConfig } from "../config.js";
import { createRebalanceAnnouncer } from "./announce.js";
import { createWebhookHandler } from "./delivery-handler.js";

export interface WebhookDeliveryWiring {
  connection: WebhookProducerSettings["connection"];
  config: Pick<
    WorkerConfig,
    "QUEUE_PREFIX" | "WEBHOOK_SECRET" | "WEBHOOK_TIMEOUT_MS" | "WEBHOOK_RETRY_SCHEDULE" | "WEBHOOK_ALLOWED_CIDRS"
  >;
  store: Pick<Store, "webhookEndpoints" | "webhookDeliveries">;
  logger: Logger;
  metrics: Metrics;
}

export function createWebhookDelivery({ connection, config, store, logger, metrics }: WebhookDeliveryWiring) {
  const sender = createWebhookSender({
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    allowedCidrs: config.WEBHOOK_ALLOWED_CIDRS,
  });
  const producer = createWebhookProducer({
    connection,
    prefix: config.QUEUE_PREFIX,
    retries: config.WEBHOOK_RETRY_SCHEDULE.length,
    onError: (error) => logger.warn({ err: error, queue: "webhooks" }, "webhook queue error"),
  });
  return {
    /** For the repair sweep: looks up and re-adds a pending delivery's job. */
    producer,
    /** The finaliser's follow-up: plan, create once, enqueue. */
    announce: createRebalanceAnnouncer({
      endpoints: store.webhookEndpoints,
      deliveries: store.webhookDeliveries,
      producer,
      logger,
    }),
    handler: createWebhookHandler({
      deliveries: store.webhookDeliveries,
      endpoints: store.webhookEndpoints,
      sender,
      serviceSecret: config.WEBHOOK_SECRET,
      retrySchedule: config.WEBHOOK_RETRY_SCHEDULE,
      metrics,
      logger,
    }),
    backoffStrategy: scheduleBackoff(config.WEBHOOK_RETRY_SCHEDULE),
    async close() {
      await producer.close();
      sender.close();
    },
  };
}
