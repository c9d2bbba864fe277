// Worker process entry: parse the configuration once, start the app, shut down on SIGTERM/SIGINT.
import { ConfigError, parseConfig } from "@ogs/config";
import { createLogger, createMetrics, startTelemetry } from "@ogs/observability";
import { workerConfigSchema } from "./config.js";
import { SHUTDOWN_CLOSE_MS, shutdownBackstopMs } from "./ops/shutdown-budget.js";
import { startWorkerApp } from "./worker-app.js";

async function main(): Promise<void> {
  const config = parseConfig(workerConfigSchema, process.env);
  const logger = createLogger({ service: "worker", level: config.LOG_LEVEL });
  const { redis, MONGODB_URL } = config;
  if (!redis || !MONGODB_URL) {
    throw new ConfigError([
      ...(redis ? [] : ["REDIS_URL or REDIS_CLUSTER_NODES: required by the worker (npm start sets REDIS_URL)"]),
      ...(MONGODB_URL ? [] : ["MONGODB_URL: required by the worker (npm start sets it)"]),
    ]);
  }
  // Before the queues, the store and the metrics catalogue are built, so they are traced and exported.
  const stopTelemetry = await startTelemetry(config.telemetry, "worker", logger);
  const app = await startWorkerApp({ ...config, redis, MONGODB_URL }, logger, createMetrics("worker"));
  // The launcher and the tests parse this line for the ops URL, so it is printed at any log level.
  const listening = `worker listening on ${app.url}`;
  if (logger.isLevelEnabled("info"))
    logger.info(
      { url: app.url, concurrency: config.WORKER_CONCURRENCY, solver_threads: config.SOLVER_THREADS },
      listening,
    );
  else process.stdout.write(`${listening}\n`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    // Every close step is bounded by one deadline (SPEC §5.4); should anything still hold the process past it, it
    // exits anyway, before the orchestrator's window (compose stop_grace_period, terminationGracePeriodSeconds).
    const backstopMs = shutdownBackstopMs(config.SHUTDOWN_GRACE_MS);
    setTimeout(() => {
      logger.error({ after_ms: backstopMs }, "shutdown overran its bound; exiting");
      process.exit(1);
    }, backstopMs).unref();
    // The telemetry flush is one more close step, under the same deadline (it waits for no other step).
    app.stop([{ name: "telemetry", close: () => stopTelemetry(SHUTDOWN_CLOSE_MS) }]).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
