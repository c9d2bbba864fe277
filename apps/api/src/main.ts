// The API process: reads configuration once, wires real dependencies, serves, shuts down on SIGTERM/SIGINT.
import { ConfigError, parseConfig } from "@ogs/config";
import { createLogger, createMetrics, initialiseApiSeries, startTelemetry } from "@ogs/observability";
import {
  createRebalanceProducer,
  createRedisConnection,
  createWebhookProducer,
  describeRedisTarget,
  openQueues,
  pingQueueRedis,
  withTimeout,
} from "@ogs/queue";
import { connectStore } from "@ogs/store";
import { createAddressPolicy, createWebhookSender } from "@ogs/webhooks";
import { adminAccess } from "./admin/access.js";
import { bullBoardRouter } from "./admin/bull-board.js";
import { setTimeout as sleep } from "node:timers/promises";
import { createApp } from "./app.js";
import { apiEnv, type ApiConfig } from "./config.js";
import { answerClientErrors } from "./http/client-errors.js";
import {
  callbackUrlChecker,
  createCompletionWaiter,
  rebalanceFinished,
  rebalanceRoutes,
} from "./routes/rebalances/index.js";
import { webhookRoutes } from "./routes/webhooks/index.js";

function loadConfig(): ApiConfig {
  try {
    return parseConfig(apiEnv, process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

const config = loadConfig();
if (!config.MONGODB_URL) {
  console.error(
    "MONGODB_URL is not set. Point it at MongoDB, or run `npm start`, which starts an embedded MongoDB-compatible server.",
  );
  process.exit(1);
}
const redisTarget = config.redis;
if (!redisTarget) {
  console.error(
    "Neither REDIS_URL nor REDIS_CLUSTER_NODES is set. Point one at Redis, or run `npm start`, which starts an embedded redis-server.",
  );
  process.exit(1);
}
const logger = createLogger({ service: "api", level: config.LOG_LEVEL });
// Before anything that is traced or measured is built (the store, the queues, the app, the metrics catalogue).
const stopTelemetry = await startTelemetry(config.telemetry, "api", logger);
const metrics = createMetrics("api");
initialiseApiSeries(metrics);
const store = connectStore({
  url: config.MONGODB_URL,
  database: config.MONGODB_DB,
  serverSelectionTimeoutMs: config.MONGODB_TIMEOUT_MS,
  maxPoolSize: config.MONGODB_POOL_SIZE,
  appName: "ogs-api",
  rebalanceRetentionSeconds:
    config.REBALANCE_RETENTION_DAYS === undefined ? null : config.REBALANCE_RETENTION_DAYS * 86_400,
});
let stopping = false;

/** Indexes are created in the background so the API starts (and reports not ready) while MongoDB is down. */
async function ensureIndexesUntilDone(): Promise<void> {
  for (let attempt = 1; !stopping; attempt++) {
    try {
      await store.ensureIndexes();
      logger.info("MongoDB indexes are in place");
      return;
    } catch (error) {
      logger.warn({ err: error, attempt }, "could not create MongoDB indexes; retrying");
      await sleep(Math.min(1_000 * attempt, 10_000));
    }
  }
}

const onRedisError = (role: string) => (error: Error) => logger.warn({ err: error, role }, "redis connection error");
logger.info({ redis: describeRedisTarget(redisTarget), queue_prefix: config.QUEUE_PREFIX }, "queue on redis");
if (redisTarget.clusterNodes && config.REDIS_URL) logger.warn("REDIS_CLUSTER_NODES is set, so REDIS_URL is ignored");
// Producer role: a request fails fast while Redis is down instead of queueing commands offline.
const redis = createRedisConnection({
  ...redisTarget,
  role: "producer",
  name: "ogs-api",
  onError: onRedisError("producer"),
});
// Worker role for the blocking reads of the completion waiter's QueueEvents (BullMQ requires maxRetriesPerRequest: null).
const eventsRedis = createRedisConnection({
  ...redisTarget,
  role: "worker",
  name: "ogs-api-events",
  onError: onRedisError("events"),
});
const producer = createRebalanceProducer({
  connection: redis,
  prefix: config.QUEUE_PREFIX,
  onError: onRedisError("flows"),
});
const queues = openQueues({
  connection: redis,
  prefix: config.QUEUE_PREFIX,
  onError: (queue, error) => logger.warn({ err: error, queue }, "queue error"),
});
const waiter = createCompletionWaiter({
  connection: eventsRedis,
  prefix: config.QUEUE_PREFIX,
  isFinished: rebalanceFinished(store.rebalances),
  onError: (error) => logger.warn({ err: error }, "completion waiter error"),
});
const rebalances = rebalanceRoutes({
  store,
  producer,
  waiter,
  metrics,
  syncWaitMs: config.SYNC_WAIT_MS,
  checkCallbackUrl: callbackUrlChecker({
    signingConfigured: config.WEBHOOK_SECRET !== undefined,
    allowedCidrs: config.WEBHOOK_ALLOWED_CIDRS,
  }),
});
const credentials = config.admin;
const webhookSender = createWebhookSender({
  timeoutMs: config.WEBHOOK_TIMEOUT_MS,
  allowedCidrs: config.WEBHOOK_ALLOWED_CIDRS,
});
const webhookProducer = createWebhookProducer({
  connection: redis,
  prefix: config.QUEUE_PREFIX,
  retries: config.WEBHOOK_RETRY_SCHEDULE.length,
  onError: onRedisError("webhooks"),
});
const webhooks = webhookRoutes({
  store,
  sender: webhookSender,
  producer: webhookProducer,
  policy: createAddressPolicy(config.WEBHOOK_ALLOWED_CIDRS),
  adminAuth: adminAccess(credentials, "Webhook administration", "Webhook administration is"),
});
const app = createApp({
  config,
  store,
  logger,
  metrics,
  healthChecks: [
    { name: "mongodb", check: () => store.ping() },
    { name: "redis", check: () => pingQueueRedis(redis, config.QUEUE_PREFIX) },
  ],
  routes: [...rebalances, ...webhooks],
  adminRouters: [
    bullBoardRouter({ queues: queues.queues.values(), credentials, redisReady: () => redis.status === "ready" }),
  ],
});
const server = app.listen(config.PORT, config.HOST, () => {
  logger.info({ url: `http://${config.HOST}:${config.PORT}` }, "api listening");
});
answerClientErrors(server);
server.on("error", (error) => {
  logger.fatal({ err: error }, "api could not listen");
  process.exit(1);
});
void ensureIndexesUntilDone();

async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "api shutting down");
  const forced = setTimeout(() => server.closeAllConnections(), 5_000);
  server.closeIdleConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  clearTimeout(forced);
  // Each step is bounded: a close() can hang while Redis is gone (BullMQ "Going to production").
  await withTimeout(
    Promise.allSettled([waiter.close(), producer.close(), webhookProducer.close(), queues.close(2_000)]),
    3_000,
  );
  webhookSender.close();
  redis.disconnect();
  eventsRedis.disconnect();
  await store.close();
  await stopTelemetry();
  logger.info("api stopped");
  process.exit(0);
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
