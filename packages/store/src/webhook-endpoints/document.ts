// The `webhook_endpoints` collection: subscriptions to rebalance events.
import type { ObjectId } from "mongodb";

export const WEBHOOK_ENDPOINTS_COLLECTION = "webhook_endpoints";

export interface WebhookEndpointDocument {
  _id: ObjectId;
  url: string;
  /** Event types the endpoint receives; absent = every event type. */
  events?: string[];
  description?: string;
  /** Standard Webhooks signing secret (`whsec_…`) generated for this endpoint. */
  secret: string;
  created_at: Date;
}

/** A subscription as the rest of the service sees it (snake_case, as on the wire). */
export interface WebhookEndpoint {
  endpoint_id: string;
  url: string;
  /** Absent = every event type. */
  events?: string[];
  description?: string;
  secret: string;
  created_at: Date;
}

export interface NewWebhookEndpoint {
  url: string;
  events?: string[];
  description?: string;
  secret: string;
}

export function toWebhookEndpoint(document: WebhookEndpointDocument): WebhookEndpoint {
  return {
    endpoint_id: document._id.toHexString(),
    url: document.url,
    ...(document.events === undefined ? {} : { events: document.events }),
    ...(document.description === undefined ? {} : { description: document.description }),
    secret: document.secret,
    created_at: document.created_at,
  };
}
