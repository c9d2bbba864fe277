// Store shapes → wire shapes of the webhook API: optional fields become explicit nulls, and an
// endpoint's secret appears only where the API means to show it.
import type { WebhookDelivery, WebhookEndpoint } from "@ogs/store";
import type { TestEventResult } from "@ogs/webhooks";

export function endpointToWire({ endpoint_id, url, events, description, created_at }: WebhookEndpoint) {
  return { endpoint_id, url, events: events ?? null, description: description ?? null, created_at };
}

export function createdEndpointToWire(endpoint: WebhookEndpoint) {
  return { ...endpointToWire(endpoint), secret: endpoint.secret };
}

export function deliveryToWire(delivery: WebhookDelivery) {
  const {
    delivery_id,
    rebalance_id,
    destination,
    endpoint_id,
    event_type,
    webhook_id,
    status,
    attempts,
    created_at,
    updated_at,
  } = delivery;
  return {
    delivery_id,
    rebalance_id,
    destination,
    endpoint_id: endpoint_id ?? null,
    event_type,
    webhook_id,
    status,
    attempts,
    created_at,
    updated_at,
  };
}

export function testResultToWire({ webhook_id, outcome, at, status_code, error, duration_ms }: TestEventResult) {
  return {
    webhook_id,
    outcome,
    at,
    ...(status_code === undefined ? {} : { status_code }),
    ...(error === undefined ? {} : { error }),
    duration_ms,
  };
}
