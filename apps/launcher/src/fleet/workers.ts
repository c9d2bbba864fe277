// Worker processes (SPEC §5.4: scale out by adding processes): each gets its own metrics port —
// WORKER_METRICS_PORT + index when that is set, else a free one — and is ready once it logs its URL.
// A restarted worker listens on the port its first run got, so the fleet's URL list stays true.
import { fileURLToPath } from "node:url";
import { waitForOutput } from "../embedded/index.js";
import { startNodeProcess } from "./node-process.js";
import type { Incarnation } from "./supervised-process.js";

const WORKER_MAIN = fileURLToPath(new URL("../../../worker/dist/main.js", import.meta.url));
const READY_TIMEOUT_MS = 60_000;

export function workerEnv(env: NodeJS.ProcessEnv, index: number): NodeJS.ProcessEnv {
  const base = Number(env.WORKER_METRICS_PORT ?? "0");
  return {
    ...env,
    WORKER_METRICS_PORT: String(base > 0 ? base + index : 0),
    WORKER_METRICS_HOST: env.WORKER_METRICS_HOST ?? "127.0.0.1",
  };
}

export interface WorkerSpawner {
  name: string;
  /** Base URL of its ops server (/health, /metrics), known once the first run is ready. */
  url(): string;
  spawn(): Incarnation;
}

/** Starts worker number `index` (from 0) on each `spawn()`; from the second run on, on the first run's port. */
export function workerSpawner(env: NodeJS.ProcessEnv, index: number, quiet: boolean): WorkerSpawner {
  const name = `worker-${index + 1}`;
  const childEnv = workerEnv(env, index);
  let url: string | undefined;
  return {
    name,
    url() {
      if (!url) throw new Error(`${name} has not reported its URL yet`);
      return url;
    },
    spawn() {
      const port = url ? new URL(url).port : childEnv.WORKER_METRICS_PORT;
      const process = startNodeProcess({
        name,
        script: WORKER_MAIN,
        env: { ...childEnv, WORKER_METRICS_PORT: port },
        quiet,
        nodeArgs: (childEnv.LAUNCHER_WORKER_NODE_ARGS ?? "").split(/\s+/).filter(Boolean),
      });
      const ready = waitForOutput(
        process.process,
        /worker listening on (http:\/\/[^\s"]+)/,
        READY_TIMEOUT_MS,
        name,
      ).then((match) => void (url ??= match[1]!));
      return { process, ready };
    },
  };
}
