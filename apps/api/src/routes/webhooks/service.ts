// The webhook API's service functions (SPEC §6): subscriptions checked against the SSRF policy at
// submission, their test event, a rebalance's deliveries and redelivery. No express here (ARCHITECTURE
// "Thin edges"); the router maps results and errors to HTTP.
import { NotFoundError } from "@ogs/domain";
import type { WebhookProducer } from "@ogs/queue";
import type { Store, WebhookDelivery, WebhookEndpoint } from "@ogs/store";
import {
  assertWebhookUrl,
  generateWebhookSecret,
  sendTestEvent,
  type ResolveHost,
  type TestEventResult,
  type WebhookSender,
  type AddressPolicy,
} from "@ogs/webhooks";

export interface WebhookServiceDeps {
  store: Pick<Store, "webhookEndpoints" | "webhookDeliveries" | "rebalances">;
  sender: Pick<WebhookSender, "send">;
  producer: Pick<WebhookProducer, "enqueueRedelivery">;
  policy: AddressPolicy;
  resolveHost?: ResolveHost;
}

export interface NewEndpoint {
  url: string;
  events?: string[] | undefined;
  description?: string | undefined;
}

export function createWebhookService({ store, sender, producer, policy, resolveHost }: WebhookServiceDeps) {
  const { webhookEndpoints: endpoints, webhookDeliveries: deliveries } = store;

  async function endpointOrThrow(id: string): Promise<WebhookEndpoint> {
    const endpoint = await endpoints.findById(id);
    if (endpoint === undefined) throw new NotFoundError("Webhook endpoint", id);
    return endpoint;
  }

  return {
    async create({ url, events, description }: NewEndpoint): Promise<WebhookEndpoint> {
      const checked = await assertWebhookUrl(url, "url", { policy, ...(resolveHost ? { resolveHost } : {}) });
      return endpoints.create({
        url: checked,
        ...(events ? { events: [...new Set(events)] } : {}),
        ...(description === undefined ? {} : { description }),
        secret: generateWebhookSecret(),
      });
    },
    list: (offset: number, limit: number) => endpoints.list({ offset, limit }),
    get: endpointOrThrow,
    async remove(id: string): Promise<void> {
      if (!(await endpoints.remove(id))) throw new NotFoundError("Webhook endpoint", id);
    },
    /** Sends one `webhook.test` event now; the receiver's answer is the result (not recorded, not retried). */
    async test(id: string): Promise<TestEventResult> {
      return sendTestEvent(await endpointOrThrow(id), sender);
    },
    async deliveriesOf(rebalanceId: string): Promise<WebhookDelivery[]> {
      if ((await store.rebalances.get(rebalanceId)) === null) throw new NotFoundError("Rebalance", rebalanceId);
      return deliveries.listByRebalance(rebalanceId);
    },
    /** Back to pending and a new job with the next redelivery's job id: the same event, the same `webhook-id`. */
    async redeliver(deliveryId: string, requestId: string): Promise<WebhookDelivery> {
      const delivery = await deliveries.markPending(deliveryId);
      if (delivery === undefined) throw new NotFoundError("Webhook delivery", deliveryId);
      await producer.enqueueRedelivery(delivery.delivery_id, requestId, delivery.redeliveries);
      return delivery;
    },
  };
}

export type WebhookService = ReturnType<typeof createWebhookService>;
