// The whole fleet of SPEC §8 on one machine: MongoDB and Redis (embedded unless MONGODB_URL / REDIS_URL
// are set), the GlobeCo simulators (unless every service URL is set), the API and WORKERS worker
// processes. Used by `npm start`, `npm run demo` and the fleet bench; every child is handed to the
// tracker as soon as it exists, so a Ctrl-C stops all of them. A dying API or database fails the fleet;
// a dying worker or simulators process is restarted under the restart policy (none: it fails the fleet).
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startInfrastructure, type FleetProcess } from "./infrastructure.js";
import { startNodeProcess, waitUntilHealthy } from "./node-process.js";
import type { RestartPolicy } from "./restart-policy.js";
import { simulatorsSpawner, type ServiceUrls } from "./simulators.js";
import { startSupervised, type SupervisedProcess } from "./supervised-process.js";
import type { FleetTracker } from "./supervisor.js";
import { workerSpawner } from "./workers.js";

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const API_MAIN = fileURLToPath(new URL("../../../api/dist/main.js", import.meta.url));
/** The API must answer /health/ready within this time. */
const API_READY_TIMEOUT_MS = 60_000;

/** Where the service URLs come from: these variables, or the simulators for the ones that are unset. */
const SERVICE_VARIABLES = {
  accounting: "ACCOUNTING_URL",
  security: "SECURITY_URL",
  pricing: "PRICING_URL",
  portfolio: "PORTFOLIO_URL",
  order: "ORDER_URL",
} as const;

export interface FleetSettings {
  MONGODB_URL?: string | undefined;
  REDIS_URL?: string | undefined;
  LAUNCHER_DATA_DIR: string;
  PORT: number;
  HOST: string;
  WORKERS: number;
}

/** What the fleet reports (and FLEET_URLS_FILE holds). */
export interface FleetUrls {
  api: string;
  /** Metrics base URL of each worker. */
  workers: string[];
  /** Service base URLs; the simulators' when they were started. */
  simulators: Partial<ServiceUrls>;
  redis: string;
  mongodb: string;
}

export type { FleetTracker };

export interface Fleet {
  urls: FleetUrls;
  embedded: { mongo: boolean; redis: boolean; simulators: boolean };
  /** Every process the fleet started, e.g. to sample memory. */
  processes: FleetProcess[];
}

export type { FleetProcess };

/** The current pid of a supervised child (it changes when the child is restarted). */
const processOf = (child: SupervisedProcess): FleetProcess => ({
  name: child.name,
  get pid() {
    return child.current.process.pid ?? 0;
  },
});

/** A child the fleet cannot do without: its death (one the fleet did not cause) fails the fleet. */
function requireAlive(
  tracker: FleetTracker,
  child: { name: string; exited: Promise<number | string>; tail?(): string },
) {
  void child.exited.then((code) => {
    if (!tracker.isStopping) tracker.fail(`${child.name} exited (${code})`, child.tail?.());
  });
}

export interface FleetOptions {
  settings: FleetSettings;
  /** Passed to every child (LOG_LEVEL, SIMULATOR_*, WORKER_*, HTTP_*, ...). */
  env: NodeJS.ProcessEnv;
  tracker: FleetTracker;
  log(line: string): void;
  /** Children keep their log lines to themselves. @defaultValue false */
  quiet?: boolean;
  /** How workers and the simulators are restarted when they die on their own; undefined = never (their death fails the fleet). */
  restart?: RestartPolicy;
}

function stopped(): never {
  throw new Error("the fleet is stopping");
}

export async function startFleet({
  settings,
  env,
  tracker,
  log,
  quiet = false,
  restart,
}: FleetOptions): Promise<Fleet> {
  log(settings.MONGODB_URL ? "using MONGODB_URL" : "starting the embedded MongoDB-compatible server");
  log(settings.REDIS_URL ? "using REDIS_URL" : "starting redis-server (AOF on)");
  const infrastructure = await startInfrastructure({
    mongoUrl: settings.MONGODB_URL,
    redisUrl: settings.REDIS_URL,
    redisDir: resolve(repoRoot, settings.LAUNCHER_DATA_DIR, "redis"),
  });
  tracker.add({ name: "databases", stop: infrastructure.stop });
  for (const child of infrastructure.children) requireAlive(tracker, child);
  if (tracker.isStopping) stopped();

  const configured = Object.fromEntries(
    Object.entries(SERVICE_VARIABLES).flatMap(([service, variable]) =>
      env[variable] ? [[service, env[variable]]] : [],
    ),
  ) as Partial<ServiceUrls>;
  const needSimulators = Object.keys(configured).length < Object.keys(SERVICE_VARIABLES).length;
  let services = configured;
  const processes = [...infrastructure.processes];
  if (needSimulators) {
    log("starting the GlobeCo simulators");
    const spawner = simulatorsSpawner(env, quiet);
    const simulators = await startSupervised({ ...spawner, policy: restart, tracker, log });
    processes.push(processOf(simulators));
    if (tracker.isStopping) stopped();
    services = { ...spawner.urls(), ...configured };
  }
  const serviceEnv = Object.fromEntries(
    Object.entries(SERVICE_VARIABLES).map(([service, variable]) => [variable, services[service as keyof ServiceUrls]]),
  );
  // The embedded store is for a developer machine: old rebalances expire after a week unless told otherwise.
  const retention = settings.MONGODB_URL || env.REBALANCE_RETENTION_DAYS ? {} : { REBALANCE_RETENTION_DAYS: "7" };
  const shared = {
    ...env,
    ...retention,
    ...serviceEnv,
    MONGODB_URL: infrastructure.mongoUrl,
    REDIS_URL: infrastructure.redisUrl,
  };

  const api = startNodeProcess({
    name: "api",
    script: API_MAIN,
    env: { ...shared, PORT: String(settings.PORT), HOST: settings.HOST },
    quiet,
  });
  tracker.add(api);
  requireAlive(tracker, api);
  log(`starting the API and ${settings.WORKERS} worker process${settings.WORKERS === 1 ? "" : "es"}`);
  const spawners = Array.from({ length: settings.WORKERS }, (_, index) => workerSpawner(shared, index, quiet));
  const workers = spawners.map((spawner) => startSupervised({ ...spawner, policy: restart, tracker, log }));
  const host = settings.HOST === "0.0.0.0" || settings.HOST === "::" ? "localhost" : settings.HOST;
  const apiUrl = `http://${host}:${settings.PORT}`;
  const [, ...started] = await Promise.all([
    waitUntilHealthy(`${apiUrl}/health/ready`, api, API_READY_TIMEOUT_MS),
    ...workers,
  ]);
  if (api.process.pid) processes.push({ name: api.name, pid: api.process.pid });
  processes.push(...started.map(processOf));
  const workerUrls = spawners.map((spawner) => spawner.url());
  if (tracker.isStopping) stopped();
  return {
    urls: {
      api: apiUrl,
      workers: workerUrls,
      simulators: needSimulators ? services : {},
      redis: infrastructure.redisUrl,
      mongodb: infrastructure.mongoUrl,
    },
    embedded: { ...infrastructure.embedded, simulators: needSimulators },
    processes,
  };
}
