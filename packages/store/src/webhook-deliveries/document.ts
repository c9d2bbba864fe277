// The `webhook_deliveries` collection: one event for one destination, with every attempt.
import type { ObjectId } from "mongodb";

export const WEBHOOK_DELIVERIES_COLLECTION = "webhook_deliveries";

export type WebhookDeliveryStatus = "pending" | "delivered" | "failed";

/** One POST to the destination (or one that could not be made); `status_code` absent when no response came. */
export interface DeliveryAttempt {
  at: Date;
  status_code?: number;
  error?: string;
  duration_ms: number;
}

/** Stored attempts carry their own id so `$addToSet` appends every one (see the repository). */
export interface DeliveryAttemptDocument extends DeliveryAttempt {
  _id: ObjectId;
}

export interface WebhookDeliveryDocument {
  _id: ObjectId;
  /** Standard Webhooks `webhook-id`: one per event and destination, unique, the same on every retry. */
  webhook_id: string;
  rebalance_id: string;
  event_type: string;
  /** The destination URL. */
  destination: string;
  /** Set for a subscription; absent for a per-request `callback_url` (signed with the service secret). */
  endpoint_id?: string;
  /** The exact request body, so every retry and redelivery sends identical bytes. */
  payload: string;
  status: WebhookDeliveryStatus;
  attempts: DeliveryAttemptDocument[];
  /** Redeliveries asked for so far; the current run's job id derives from it (absent = 0, the first run). */
  redeliveries?: number;
  created_at: Date;
  updated_at: Date;
}

/** A delivery as the rest of the service sees it (snake_case, as on the wire). */
export interface WebhookDelivery extends Omit<WebhookDeliveryDocument, "_id" | "attempts" | "redeliveries"> {
  delivery_id: string;
  attempts: DeliveryAttempt[];
  redeliveries: number;
}

/** A pending delivery as the workers' repair sweep lists them. */
export type PendingDelivery = Pick<WebhookDelivery, "delivery_id" | "rebalance_id" | "redeliveries">;

export type NewWebhookDelivery = Pick<
  WebhookDelivery,
  "webhook_id" | "rebalance_id" | "event_type" | "destination" | "endpoint_id" | "payload"
>;

export function toWebhookDelivery(document: WebhookDeliveryDocument): WebhookDelivery {
  const { _id, attempts, redeliveries, ...rest } = document;
  return {
    delivery_id: _id.toHexString(),
    ...rest,
    attempts: attempts.map(({ _id: _attemptId, ...attempt }) => attempt),
    redeliveries: redeliveries ?? 0,
  };
}
