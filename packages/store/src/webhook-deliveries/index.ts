// The `webhook_deliveries` collection.
export { createWebhookDeliveryRepository, type WebhookDeliveryRepository } from "./repository.js";
export {
  WEBHOOK_DELIVERIES_COLLECTION,
  type DeliveryAttempt,
  type DeliveryAttemptDocument,
  type NewWebhookDelivery,
  type PendingDelivery,
  type WebhookDelivery,
  type WebhookDeliveryDocument,
  type WebhookDeliveryStatus,
} from "./document.js";
