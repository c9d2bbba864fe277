// Wires one worker process: Redis, MongoDB, the GlobeCo clients, the solver pool, the BullMQ workers,
// the queue sampler and the ops server; `stop()` lets active jobs finish within the grace period, then closes
// the rest concurrently under one deadline (ops/close-steps.ts, ops/shutdown-budget.ts; SPEC §5.4).
import { clientSettingsFromConfig, createClients } from "@ogs/clients";
import { createSolverPool } from "@ogs/optimizer";
import { initialiseWorkerSeries, type Logger, type Metrics } from "@ogs/observability";
import {
  createRebalanceProducer,
  createRedisConnection,
  describeRedisTarget,
  openQueues,
  pingQueueRedis,
  QUEUE_NAMES,
  startWorkers,
  withTimeout,
  type RedisTarget,
} from "@ogs/queue";
import { connectStore } from "@ogs/store";
import type { WorkerConfig } from "./config.js";
import { isPermanentFailure } from "./jobs/failure-policy.js";
import { createHandlers } from "./jobs/handlers.js";
import { instrumentSolver } from "./ops/instrumented-solver.js";
import { closeWithin, type CloseStep } from "./ops/close-steps.js";
import { WORKER_SERIES } from "./ops/known-series.js";
import { createOpsServer, listen } from "./ops/ops-server.js";
import { startQueueSampler } from "./ops/queue-sampler.js";
import { createDeliveryRepair } from "./ops/delivery-repair.js";
import { createRebalanceRepair } from "./ops/rebalance-repair.js";
import { createRepairRound } from "./ops/repair-loop.js";
import { keepRepairsScheduled } from "./ops/repair-schedule.js";
import { SHUTDOWN_CLOSE_MS } from "./ops/shutdown-budget.js";
import { createFinalizer } from "./processing/finalizer.js";
import { createPortfolioProcessor } from "./processing/portfolio-processor.js";
import { createWebhookDelivery } from "./webhooks/index.js";
import { watchFailedDeliveries } from "./webhooks/failed-jobs.js";

export interface WorkerApp {
  /** URL of the ops server (/health, /metrics). */
  url: string;
  /**
   * Stops taking jobs, waits up to SHUTDOWN_GRACE_MS for active ones, then closes everything — with `alsoClose`
   * (main.ts's telemetry flush) — within SHUTDOWN_CLOSE_MS.
   */
  stop(alsoClose?: readonly CloseStep[]): Promise<void>;
}

export async function startWorkerApp(
  config: WorkerConfig & { redis: RedisTarget; MONGODB_URL: string },
  logger: Logger,
  metrics: Metrics,
): Promise<WorkerApp> {
  initialiseWorkerSeries(metrics, WORKER_SERIES);
  const onRedisError = (role: string) => (error: Error) => logger.warn({ err: error, role }, "redis connection error");
  logger.info({ redis: describeRedisTarget(config.redis), queue_prefix: config.QUEUE_PREFIX }, "queue on redis");
  if (config.redis.clusterNodes && config.REDIS_URL) logger.warn("REDIS_CLUSTER_NODES is set, so REDIS_URL is ignored");
  // One Redis or a cluster (REDIS_CLUSTER_NODES): every connection of the process follows config.redis.
  const workerConnection = createRedisConnection({
    ...config.redis,
    role: "worker",
    name: "ogs-worker",
    onError: onRedisError("worker"),
  });
  const queueConnection = createRedisConnection({
    ...config.redis,
    role: "producer",
    name: "ogs-worker-queues",
    onError: onRedisError("queues"),
  });
  // Worker role: QueueEvents blocks on its connection (BullMQ requires maxRetriesPerRequest: null).
  const eventsConnection = createRedisConnection({
    ...config.redis,
    role: "worker",
    name: "ogs-worker-events",
    onError: onRedisError("events"),
  });
  const store = connectStore({
    url: config.MONGODB_URL,
    database: config.MONGODB_DB,
    serverSelectionTimeoutMs: config.MONGODB_TIMEOUT_MS,
    maxPoolSize: config.MONGODB_POOL_SIZE,
    appName: "ogs-worker",
    rebalanceRetentionSeconds:
      config.REBALANCE_RETENTION_DAYS === undefined ? null : config.REBALANCE_RETENTION_DAYS * 86_400,
  });
  await store.ensureIndexes();
  const clients = createClients(clientSettingsFromConfig(config), { logger, metrics });
  const pool = createSolverPool({
    threads: config.SOLVER_THREADS,
    timeLimitMs: config.SOLVER_TIME_LIMIT_MS,
    inlineMs: config.SOLVER_INLINE_MS,
  });

  const processor = createPortfolioProcessor({
    clients,
    solver: instrumentSolver(pool, metrics),
    store,
    priceConcurrency: config.PRICE_CONCURRENCY,
  });
  const webhooks = createWebhookDelivery({ connection: queueConnection, config, store, logger, metrics });
  const finalizer = createFinalizer({
    store,
    // The one place that says what follows a finished rebalance: its webhook deliveries (SPEC §6).
    onFinished: async (finished) => {
      const { rebalance, status } = finished;
      logger.info({ request_id: rebalance.requestId, rebalance_id: rebalance.id, status }, "rebalance finalised");
      await webhooks.announce(finished);
    },
  });

  const queues = openQueues({
    connection: queueConnection,
    prefix: config.QUEUE_PREFIX,
    onError: (queue, error) => logger.warn({ queue, err: error }, "queue error"),
  });
  const sampler = startQueueSampler({ queues, metrics, logger, intervalMs: config.QUEUE_METRICS_INTERVAL_MS });
  const producer = createRebalanceProducer({
    connection: queueConnection,
    prefix: config.QUEUE_PREFIX,
    onError: (error) => logger.warn({ err: error }, "flow producer error"),
  });
  const repairOptions = { afterMs: config.REPAIR_AFTER_MS, logger, metrics };
  const rebalanceRepair = createRebalanceRepair(
    {
      listUnsettledBefore: (before, limit, afterId) => store.rebalances.listUnsettledBefore(before, limit, afterId),
      findUnsettledFlow: (id) => store.rebalances.findUnsettledFlow(id),
      finalizerState: (id) => producer.finalizerState(id),
      retryFinalizer: (id) => producer.retryFinalizer(id),
      enqueue: (flow) => producer.enqueueRebalance(flow),
    },
    repairOptions,
  );
  const deliveryRepair = createDeliveryRepair(
    {
      listPendingBefore: (before, limit, afterId) => store.webhookDeliveries.listPendingBefore(before, limit, afterId),
      findById: (id) => store.webhookDeliveries.findById(id),
      currentJobState: (id, redeliveries) => webhooks.producer.currentJobState(id, redeliveries),
      enqueueCurrent: (id, requestId, redeliveries) => webhooks.producer.enqueueCurrent(id, requestId, redeliveries),
      failIfPending: (id, attempt, failedAt) => store.webhookDeliveries.failIfPending(id, attempt, failedAt),
    },
    repairOptions,
  );
  const repairRound = createRepairRound({
    sweeps: [
      { kind: "rebalance", sweep: () => rebalanceRepair.sweep() },
      { kind: "webhook_delivery", sweep: () => deliveryRepair.sweep() },
    ],
    logger,
    metrics,
  });

  // Before the workers start, so a failure their first stalled-job check detects is seen.
  const failedDeliveries = watchFailedDeliveries({
    connection: eventsConnection,
    prefix: config.QUEUE_PREFIX,
    deliveries: store.webhookDeliveries,
    logger,
    metrics,
  });
  const fleet = startWorkers({
    connection: workerConnection,
    prefix: config.QUEUE_PREFIX,
    handlers: {
      ...createHandlers({ processor, finalizer, logger, metrics }),
      "deliver-webhook": webhooks.handler,
      "repair-sweep": repairRound,
    },
    // Webhook deliveries have their own Worker and slots: a hanging receiver never holds a solving slot.
    concurrency: {
      [QUEUE_NAMES.portfolios]: config.WORKER_CONCURRENCY,
      [QUEUE_NAMES.finalizer]: config.FINALIZER_CONCURRENCY,
      [QUEUE_NAMES.webhooks]: config.WEBHOOK_CONCURRENCY,
      [QUEUE_NAMES.maintenance]: 1,
    },
    backoffStrategy: webhooks.backoffStrategy,
    lockDurationMs: config.JOB_LOCK_DURATION_MS,
    stalledIntervalMs: config.JOB_STALLED_INTERVAL_MS,
    maxStalledCount: config.JOB_MAX_STALLED_COUNT,
    isPermanent: isPermanentFailure,
    onStalled: (queue, jobId) => {
      metrics.jobsStalled.inc({ queue });
      logger.warn({ queue, job_id: jobId }, "job stalled; it will be retried");
    },
    onFailed: (queue, jobId, error) => logger.debug({ queue, job_id: jobId, err: error }, "job failed"),
    onError: (queue, error) => logger.warn({ queue, err: error }, "worker error"),
  });
  const stopScheduling = keepRepairsScheduled({
    connection: queueConnection,
    prefix: config.QUEUE_PREFIX,
    everyMs: config.REPAIR_INTERVAL_MS,
    logger,
  });

  const server = createOpsServer({
    registry: metrics.registry,
    httpMetrics: metrics,
    checks: {
      mongodb: () => store.ping(),
      redis: () => pingQueueRedis(workerConnection, config.QUEUE_PREFIX),
      workers: () => (fleet.isRunning() ? Promise.resolve() : Promise.reject(new Error("workers are not running"))),
    },
  });
  // SPEC §7 "series from the start": queue depth is in the first scrape (bounded: Redis may be down at start).
  await withTimeout(sampler.firstSample, 2_000);
  const url = await listen(server, config.WORKER_METRICS_PORT, config.WORKER_METRICS_HOST);

  return {
    url,
    async stop(alsoClose = []) {
      stopScheduling();
      sampler.stop();
      // Stop taking jobs and let active ones finish within the grace period (SPEC §5.4).
      const closed = await fleet.close(config.SHUTDOWN_GRACE_MS);
      if (closed === "timeout")
        logger.warn(
          { grace_ms: config.SHUTDOWN_GRACE_MS },
          "active jobs did not finish in time; their locks lapse and another worker retries them",
        );
      await closeWithin(
        [
          { name: "queues", close: () => queues.close(SHUTDOWN_CLOSE_MS) },
          { name: "flow producer", close: () => producer.close() },
          { name: "webhooks", close: () => webhooks.close() },
          { name: "webhook events", close: () => failedDeliveries.close() },
          {
            name: "redis",
            after: ["queues", "flow producer", "webhooks", "webhook events"],
            close: () => {
              queueConnection.disconnect();
              eventsConnection.disconnect();
              // A BullMQ worker still closing retries a command failing on a closed connection at once, for ever
              // (Worker.retryIfFailed skips its delay while closing; cf. taskforcesh/bullmq#389), starving every
              // timer, the deadline included: measured here, so the process exit closes that connection.
              if (closed === "done") workerConnection.disconnect();
              return Promise.resolve();
            },
          },
          { name: "mongodb", close: () => store.close() },
          { name: "solver pool", close: () => pool.close() },
          { name: "clients", close: () => clients.close() },
          { name: "ops server", close: () => new Promise<void>((resolve) => server.close(() => resolve())) },
          ...alsoClose,
        ],
        SHUTDOWN_CLOSE_MS,
        logger,
      );
    },
  };
}
