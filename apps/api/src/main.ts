// The API process: reads configuration once, wires real dependencies, serves, shuts down on SIGTERM/SIGINT.
import { ConfigError, parseConfig } from "@ogs/config";
import { createLogger, createMetrics } from "@ogs/observability";
import { connectStore } from "@ogs/store";
import { setTimeout as sleep } from "node:timers/promises";
import { createApp } from "./app.js";
import { apiEnv, type ApiConfig } from "./config.js";

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
  console.error("MONGODB_URL is not set. Point it at MongoDB, or run `npm start`, which starts an embedded MongoDB-compatible server.");
  process.exit(1);
}
const logger = createLogger({ service: "api", level: config.LOG_LEVEL });
const metrics = createMetrics("api");
const store = connectStore({ url: config.MONGODB_URL, database: config.MONGODB_DB, serverSelectionTimeoutMs: config.MONGODB_TIMEOUT_MS, maxPoolSize: config.MONGODB_POOL_SIZE, appName: "ogs-api" });
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

const app = createApp({ config, store, logger, metrics, healthChecks: [{ name: "mongodb", check: () => store.ping() }] });
const server = app.listen(config.PORT, config.HOST, () => {
  logger.info({ url: `http://${config.HOST}:${config.PORT}` }, "api listening");
});
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
  await store.close();
  logger.info("api stopped");
  process.exit(0);
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
