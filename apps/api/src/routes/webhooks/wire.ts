// Store shapes → wire shapes of the webhook API: optional fields become explicit nulls, times ISO 8601
// strings, and an endpoint's secret appears only where the API means to show it. The route declarations
// type these results against the response schemas.
import type { WebhookDelivery, WebhookEndpoint } from "@ogs/store";
import { isRebalanceEventType, type RebalanceEventType, type TestEventResult } from "@ogs/webhooks";

/** Only rebalance event types are stored (they were validated on the way in); anything else is a bug. */
function eventType(value: string): RebalanceEventType {
  if (!isRebalanceEventType(value)) throw new Error(`stored webhook data holds an unknown event type ${value}`);
  return value;
}

export function endpointToWire({ endpoint_id, url, events, description, created_at }: WebhookEndpoint) {
  return {
    endpoint_id,
    url,
    events: events ? events.map(eventType) : null,
    description: description ?? null,
    created_at: created_at.toISOString(),
  };
}

export function createdEndpointToWire(endpoint: WebhookEndpoint) {
  return { ...endpointToWire(endpoint), secret: endpoint.secret };
}

function attemptToWire({ at, status_code, error, duration_ms }: WebhookDelivery["attempts"][number]) {
  return {
    at: at.toISOString(),
    ...(status_code === undefined ? {} : { status_code }),
    ...(error === undefined ? {} : { error }),
    duration_ms,
  };
}

export function deliveryToWire(delivery: WebhookDelivery) {
  return {
    delivery_id: delivery.delivery_id,
    rebalance_id: delivery.rebalance_id,
    destination: delivery.destination,
    endpoint_id: delivery.endpoint_id ?? null,
    event_type: eventType(delivery.event_type),
    webhook_id: delivery.webhook_id,
    status: delivery.status,
    attempts: delivery.attempts.map(attemptToWire),
    created_at: delivery.created_at.toISOString(),
    updated_at: delivery.updated_at.toISOString(),
  };
}

export function testResultToWire({ webhook_id, outcome, at, status_code, error, duration_ms }: TestEventResult) {
  return { webhook_id, outcome, ...attemptToWire({ at, status_code, error, duration_ms }) };
}
