// Public surface of @ogs/queue: names, the typed job catalog, Redis connections (one Redis or a cluster),
// producer, workers and queue events.
export { QUEUE_NAMES, ALL_QUEUE_NAMES, type QueueName } from "./names.js";
export {
  portfolioJobId,
  finalizerJobId,
  webhookJobId,
  redeliveryJobId,
  currentDeliveryJobId,
  deliveryIdOfJob,
} from "./job-ids.js";
export { createWebhookProducer, type WebhookProducer, type WebhookProducerSettings } from "./webhook-producer.js";
export {
  jobCatalog,
  parsePayload,
  type JobName,
  type JobPayload,
  type Handler,
  type HandlerMap,
  type JobDelivery,
} from "./catalog.js";
export {
  createRedisConnection,
  describeRedisTarget,
  reconnectDelay,
  type RedisAccess,
  type RedisConnection,
  type RedisConnectionSettings,
  type RedisNode,
  type RedisTarget,
} from "./connection.js";
export { openQueueEvents, type JobEvent, type QueueEventStream, type QueueEventSettings } from "./queue-events.js";
export { pingQueueRedis } from "./ping.js";
export {
  createRebalanceProducer,
  QueueUnavailableError,
  type FinalizerState,
  type RebalanceFlow,
  type RebalanceProducer,
  type ProducerSettings,
} from "./producer.js";
export { startWorkers, type WorkerFleet, type WorkerSettings } from "./workers.js";
export {
  openQueues,
  QUEUE_STATES,
  type QueueSet,
  type QueueDepth,
  type QueueState,
  type QueueHandle,
} from "./queues.js";
export { JobFailedError } from "./job-failed-error.js";
export { scheduleRepairSweeps, REPAIR_SCHEDULER_ID } from "./repair-scheduler.js";
export { withTimeout } from "./bounded.js";
