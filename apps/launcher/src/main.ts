// `npm start`: the embedded fleet. Starts MongoDB and Redis when MONGODB_URL / REDIS_URL are unset,
// then the API on PORT (default 8088), prints every URL, and stops every child on Ctrl-C / SIGTERM.
// Workers and simulators join here as further `startNodeProcess` calls.
import { commonEnv, ConfigError, launcherEnv as launcherSection, mongoEnv, parseConfig, redisEnv, serverEnv } from "@ogs/config";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startInfrastructure } from "./fleet/infrastructure.js";
import { startNodeProcess, waitUntilHealthy } from "./fleet/node-process.js";
import { createSupervisor } from "./fleet/supervisor.js";

const launcherEnv = commonEnv.extend({ ...mongoEnv.shape, ...redisEnv.shape, ...launcherSection.shape, PORT: serverEnv.shape.PORT, HOST: serverEnv.shape.HOST });
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const API_MAIN = fileURLToPath(new URL("../../api/dist/main.js", import.meta.url));
/** The API must answer /health/ready within this time (issue 3: 20 s from `npm start`). */
const API_READY_TIMEOUT_MS = 60_000;

const log = (line: string) => console.error(`[launcher] ${line}`);
const supervisor = createSupervisor(log);

function loadConfig() {
  try {
    return parseConfig(launcherEnv, process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = loadConfig();

  log(config.MONGODB_URL ? "using MONGODB_URL" : "starting the embedded MongoDB-compatible server");
  log(config.REDIS_URL ? "using REDIS_URL" : "starting redis-server (AOF on)");
  const infrastructure = await startInfrastructure({ mongoUrl: config.MONGODB_URL, redisUrl: config.REDIS_URL, redisDir: resolve(repoRoot, config.LAUNCHER_DATA_DIR, "redis") });
  supervisor.add({ name: "databases", stop: infrastructure.stop });
  if (supervisor.isStopping) return;

  const env = { ...process.env, MONGODB_URL: infrastructure.mongoUrl, REDIS_URL: infrastructure.redisUrl, PORT: String(config.PORT), HOST: config.HOST };
  const api = startNodeProcess({ name: "api", script: API_MAIN, env });
  supervisor.require(api);
  const host = config.HOST === "0.0.0.0" || config.HOST === "::" ? "localhost" : config.HOST;
  const base = `http://${host}:${config.PORT}`;
  await waitUntilHealthy(`${base}/health/ready`, api, API_READY_TIMEOUT_MS);

  const rows: Array<[string, string]> = [
    ["API", `${base}/api/v1/models`],
    ["Swagger UI", `${base}/docs`],
    ["OpenAPI", `${base}/openapi.json`],
    ["Health", `${base}/health/health`],
    ["Metrics", `${base}/metrics`],
    ["MongoDB", `${infrastructure.mongoUrl}${infrastructure.embedded.mongo ? " (embedded, in memory)" : ""}`],
    ["Redis", `${infrastructure.redisUrl}${infrastructure.embedded.redis ? ` (embedded, AOF in ${config.LAUNCHER_DATA_DIR}/redis)` : ""}`],
  ];
  console.log(["", "Order Generation Service is running:", ...rows.map(([name, url]) => `  ${name.padEnd(11)} ${url}`), "Press Ctrl-C to stop.", ""].join("\n"));
}

main().catch((error: unknown) => {
  void supervisor.shutdown(`start-up failed: ${error instanceof Error ? error.message : String(error)}`, 1);
});
