// Public surface of @ogs/webhooks: Standard Webhooks events for rebalances (SPEC §6) — event model,
// signing, SSRF guard, one-attempt sender, retry schedule, delivery planning and the delivery job's body.
export {
  REBALANCE_EVENT_TYPES,
  buildRebalanceEvent,
  buildTestEvent,
  deriveWebhookId,
  eventTypeForStatus,
  isRebalanceEventType,
  type RebalanceEvent,
  type RebalanceEventType,
  type RebalanceOutcome,
  type TestEvent,
  type WebhookEventType,
} from "./events.js";
export { generateWebhookSecret, signWebhook, type SignedHeaders } from "./signing.js";
export { createAddressPolicy, type AddressPolicy } from "./address-policy.js";
export { resolveWithSystem, type ResolveHost, type ResolvedAddress } from "./resolve-host.js";
export { assertWebhookUrl, checkWebhookUrl, type UrlCheck, type UrlGuardDeps } from "./url-guard.js";
export { WebhookTargetRefusedError } from "./guarded-agent.js";
export {
  classifyStatus,
  createWebhookSender,
  type AttemptOutcome,
  type AttemptResult,
  type WebhookMessage,
  type WebhookSender,
  type WebhookSenderOptions,
} from "./sender.js";
export { delayBeforeAttempt, maxAttempts, nextRetry, scheduleBackoff, type RetryDecision } from "./retry-schedule.js";
export { planDeliveries, type PlannedDelivery, type SubscribedEndpoint } from "./plan-deliveries.js";
export { deliverOnce, type DeliverOnceDeps, type DeliverOnceInput, type DeliveryStep } from "./deliver-once.js";
export { sendTestEvent, type TestEventResult } from "./send-test-event.js";
