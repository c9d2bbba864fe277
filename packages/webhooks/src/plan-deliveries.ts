// Which destinations get which event when a rebalance ends (SPEC §6): the per-request callback, and
// every subscription whose `events` include the event (no `events` = all). Pure, so the finaliser can run it
// twice and create the same deliveries (the ids and bodies are derived from the rebalance, not from the clock).
import {
  buildRebalanceEvent,
  deriveWebhookId,
  eventTypeForStatus,
  type RebalanceEventType,
  type RebalanceOutcome,
} from "./events.js";

export interface SubscribedEndpoint {
  endpoint_id: string;
  url: string;
  /** Absent or empty = every event type. */
  events?: readonly string[];
}

/** A delivery to create (store `createOnce`) and then enqueue. */
export interface PlannedDelivery {
  webhook_id: string;
  rebalance_id: string;
  event_type: RebalanceEventType;
  destination: string;
  /** Set for subscriptions (sign with the endpoint's secret); absent for the callback (sign with WEBHOOK_SECRET). */
  endpoint_id?: string;
  payload: string;
}

/** `callbackUrl`: the rebalance's per-request `callback_url`, if any (null as stored when there is none). */
export function planDeliveries(
  rebalance: RebalanceOutcome,
  endpoints: readonly SubscribedEndpoint[],
  callbackUrl?: string | null,
): PlannedDelivery[] {
  const type = eventTypeForStatus(rebalance.status);
  if (type === undefined) return [];
  const payload = JSON.stringify(buildRebalanceEvent(type, rebalance));
  const common = { rebalance_id: rebalance.rebalance_id, event_type: type, payload };
  const plans: PlannedDelivery[] = [];
  if (callbackUrl !== undefined && callbackUrl !== null) {
    plans.push({
      ...common,
      webhook_id: deriveWebhookId(rebalance.rebalance_id, type, callbackUrl),
      destination: callbackUrl,
    });
  }
  for (const endpoint of endpoints) {
    if (endpoint.events !== undefined && endpoint.events.length > 0 && !endpoint.events.includes(type)) continue;
    plans.push({
      ...common,
      // The endpoint id, not its URL: two subscriptions to one URL have different secrets and are two deliveries.
      webhook_id: deriveWebhookId(rebalance.rebalance_id, type, endpoint.endpoint_id),
      destination: endpoint.url,
      endpoint_id: endpoint.endpoint_id,
    });
  }
  return plans;
}
