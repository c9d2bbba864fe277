// What follows a finished rebalance (SPEC §5.4, §6): plan one delivery per destination (the per-request
// callback_url and every matching subscription), create each once (idempotent by webhook-id) and enqueue
// the pending ones with a job id derived from the delivery id. A finaliser that runs twice therefore
// creates and enqueues nothing new, and a delivery already made is not sent again.
import { rebalanceOptionsToJson } from "@ogs/domain";
import type { Logger } from "@ogs/observability";
import type { WebhookProducer } from "@ogs/queue";
import type { WebhookDeliveryRepository, WebhookEndpointRepository } from "@ogs/store";
import { planDeliveries } from "@ogs/webhooks";
import type { FinishedRebalance } from "../processing/finalizer.js";

export interface AnnouncerDeps {
  endpoints: Pick<WebhookEndpointRepository, "listAll">;
  deliveries: Pick<WebhookDeliveryRepository, "createOnce">;
  producer: Pick<WebhookProducer, "enqueueDelivery">;
  logger: Logger;
}

export function createRebalanceAnnouncer({
  endpoints,
  deliveries,
  producer,
  logger,
}: AnnouncerDeps): (finished: FinishedRebalance) => Promise<void> {
  return async ({ rebalance, status, progress }) => {
    // completed_at is set by the finaliser before it calls us; the event's timestamp, so a re-run builds the same body.
    const completedAt = rebalance.completedAt ?? new Date();
    const outcome = {
      rebalance_id: rebalance.id,
      model_id: rebalance.modelId,
      status,
      progress,
      completed_at: completedAt,
      options: rebalanceOptionsToJson(rebalance.snapshot?.options ?? {}),
    };
    const plans = planDeliveries(outcome, await endpoints.listAll(), rebalance.callbackUrl);
    // Sequential on purpose: a handful of destinations, and each insert is one write.
    for (const plan of plans) {
      const { delivery } = await deliveries.createOnce(plan);
      if (delivery.status === "pending") await producer.enqueueDelivery(delivery.delivery_id, rebalance.requestId);
    }
    if (plans.length > 0)
      logger.info(
        { request_id: rebalance.requestId, rebalance_id: rebalance.id, deliveries: plans.length },
        "webhook deliveries enqueued",
      );
  };
}
