// The fleet a chaos scenario runs against, on 127.0.0.1: its own redis-server (AOF on, restartable on the
// same port and data), its own MongoDB-compatible server (optionally behind a TCP proxy that can stall),
// and the launcher's fleet code for the simulators, the API and the workers (restarted by the launcher's
// restart policy when they die, as under `npm start`). A scenario that must kill the API gets a second,
// separate API process it owns. Everything is registered with the scenario's scope.
import { fileURLToPath } from "node:url";
import { findFreePort, startEmbeddedMongo } from "../../apps/launcher/src/embedded/index.js";
import { startFleet, type Fleet } from "../../apps/launcher/src/fleet/fleet.js";
import { startNodeProcess, waitUntilHealthy, type NodeProcess } from "../../apps/launcher/src/fleet/node-process.js";
import type { RestartPolicy } from "../../apps/launcher/src/fleet/restart-policy.js";
import { createFleetTracker } from "../../apps/launcher/src/fleet/tracker.js";
import { startStallProxy, type StallProxy } from "../../packages/test-support/src/stall-proxy.js";
import { startRestartableRedis, type RestartableRedis } from "./redis.js";
import type { Scope } from "./scope.js";

const API_MAIN = fileURLToPath(new URL("../../apps/api/dist/main.js", import.meta.url));

/** `npm start`'s restart policy (LAUNCHER_RESTART_* defaults): a killed worker comes back after 1 s. */
const LAUNCHER_RESTARTS: RestartPolicy = { delayMs: 1_000, maxDelayMs: 30_000, budget: 5, windowMs: 60_000 };

export interface ChaosFleetOptions {
  /** Portfolios the simulators generate. */
  portfolios: number;
  /** Variables for every child on top of the chaos defaults (JOB_LOCK_DURATION_MS, REPAIR_AFTER_MS, …). */
  env?: Record<string, string>;
  /** Put a stallable TCP proxy between every process and MongoDB. @defaultValue false */
  stallableMongo?: boolean;
  /** Worker processes. @defaultValue 2 */
  workers?: number;
}

export interface ChaosFleet {
  fleet: Fleet;
  api: string;
  redis: RestartableRedis;
  /** Present with `stallableMongo`. */
  mongoProxy: StallProxy | undefined;
  /** The environment every child got (for a separate API). */
  env: NodeJS.ProcessEnv;
  /** Rejects when the fleet fails for good (a child died beyond its restart budget). */
  failure: Promise<never>;
  /** Current pid of a fleet process by name (`worker-1`, `api`, `simulators`). */
  pid(name: string): number;
  /** Every process of the fleet, the stores included (pids as of now). */
  processes(): Array<{ name: string; pid: number }>;
}

/** Small enough that a scenario sees recovery within seconds, so the suite stays short (JOB_LOCK_DURATION_MS small). */
export const CHAOS_ENV: Record<string, string> = {
  LOG_LEVEL: "warn",
  SIMULATOR_SEED: "7",
  SIMULATOR_SECURITIES: "50",
  SIMULATOR_HOLDINGS: "20",
  WORKER_CONCURRENCY: "4",
  SOLVER_THREADS: "1",
  JOB_LOCK_DURATION_MS: "3000",
  JOB_STALLED_INTERVAL_MS: "1000",
  REPAIR_INTERVAL_MS: "1000",
  REPAIR_AFTER_MS: "6000",
  SHUTDOWN_GRACE_MS: "5000",
  // A breaker opened by the Pricing-down scenario half-opens after 1 s instead of 60, so the fleet can be handed
  // on; how fast a breaker opens (and so a rebalance fails fast) does not depend on it.
  BREAKER_OPEN_MS: "1000",
};

export async function startChaosFleet(scope: Scope, options: ChaosFleetOptions): Promise<ChaosFleet> {
  // Both stores start at once; whichever started is registered before a failure of the other is thrown.
  const [redisStart, mongoStart] = await Promise.allSettled([
    startRestartableRedis(scope.tempDir("redis")),
    startEmbeddedMongo(),
  ]);
  if (redisStart.status === "fulfilled") scope.onClose("redis", () => redisStart.value.stop());
  if (mongoStart.status === "fulfilled") scope.onClose("mongodb", () => mongoStart.value.stop());
  if (redisStart.status === "rejected") throw redisStart.reason;
  if (mongoStart.status === "rejected") throw mongoStart.reason;
  const redis = redisStart.value;
  const mongo = mongoStart.value;
  scope.watchPid("redis", () => redis.pid());
  scope.watchPort("redis", `http://127.0.0.1:${redis.port}`);
  scope.watchPid("mongodb", () => mongo.child.process.pid);
  scope.watchPort("mongodb", `http://127.0.0.1:${mongo.port}`);
  let mongoProxy: StallProxy | undefined;
  if (options.stallableMongo) {
    const proxy = await startStallProxy({ host: "127.0.0.1", port: mongo.port });
    mongoProxy = proxy;
    scope.onClose("mongodb proxy", () => proxy.close());
    scope.watchPort("mongodb proxy", `http://${proxy.address}`);
  }
  const mongoUrl = mongoProxy ? `mongodb://${mongoProxy.address}/?directConnection=true` : mongo.url;

  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    ...CHAOS_ENV,
    SIMULATOR_PORTFOLIOS: String(options.portfolios),
    ...options.env,
  };
  const tracker = createFleetTracker();
  scope.onClose("fleet", () => tracker.stop());
  const port = await findFreePort();
  const fleet = await Promise.race([
    startFleet({
      settings: {
        MONGODB_URL: mongoUrl,
        REDIS_URL: redis.url,
        LAUNCHER_DATA_DIR: scope.tempDir("launcher"),
        PORT: port,
        HOST: "127.0.0.1",
        WORKERS: options.workers ?? 2,
      },
      env,
      tracker,
      log: () => undefined,
      quiet: true,
      restart: LAUNCHER_RESTARTS,
    }),
    tracker.failure,
  ]);
  for (const child of fleet.processes)
    if (child.name !== "redis" && child.name !== "mongodb") {
      scope.watchPid(child.name, () => child.pid);
    }
  scope.watchPort("api", fleet.urls.api);
  for (const [index, url] of fleet.urls.workers.entries()) scope.watchPort(`worker-${index + 1}`, url);
  for (const [service, url] of Object.entries(fleet.urls.simulators)) scope.watchPort(service, url);
  return {
    fleet,
    api: fleet.urls.api,
    redis,
    mongoProxy,
    env: { ...env, MONGODB_URL: mongoUrl, REDIS_URL: redis.url },
    failure: tracker.failure,
    pid(name) {
      const pid = fleet.processes.find((p) => p.name === name)?.pid;
      if (!pid) throw new Error(`the fleet has no process ${name}`);
      return pid;
    },
    processes: () => [
      ...fleet.processes.map(({ name, pid }) => ({ name, pid })),
      { name: "redis", pid: redis.pid() ?? 0 },
      { name: "mongodb", pid: mongo.child.process.pid ?? 0 },
    ],
  };
}

export interface SeparateApi {
  url: string;
  process(): NodeProcess;
  /** Starts it again on the same port (after a kill). */
  restart(): Promise<void>;
}

/** A second API process over the fleet's MongoDB and Redis that a scenario may kill (the fleet's own API must live). */
export async function startSeparateApi(scope: Scope, chaos: ChaosFleet): Promise<SeparateApi> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const spawn = () =>
    startNodeProcess({
      name: "api-2",
      script: API_MAIN,
      env: { ...chaos.env, PORT: String(port), HOST: "127.0.0.1" },
      quiet: true,
    });
  let current = spawn();
  scope.onClose("api-2", () => current.stop());
  scope.watchPid("api-2", () => current.process.pid);
  scope.watchPort("api-2", url);
  await waitUntilHealthy(`${url}/health/ready`, current, 30_000);
  return {
    url,
    process: () => current,
    async restart() {
      await current.exited;
      current = spawn();
      await waitUntilHealthy(`${url}/health/ready`, current, 30_000);
    },
  };
}
