// The `webhook_endpoints` collection.
export {
  createWebhookEndpointRepository,
  type WebhookEndpointRepository,
  type WebhookEndpointListQuery,
} from "./repository.js";
export {
  WEBHOOK_ENDPOINTS_COLLECTION,
  type WebhookEndpoint,
  type NewWebhookEndpoint,
  type WebhookEndpointDocument,
} from "./document.js";
