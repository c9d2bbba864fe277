// Worker processes (SPEC §5.4: scale out by adding processes): each gets its own metrics port —
// WORKER_METRICS_PORT + index when that is set, else a free one — and is ready once it logs its URL.
import { fileURLToPath } from "node:url";
import { waitForOutput } from "../embedded/index.js";
import { startNodeProcess, type NodeProcess } from "./node-process.js";

const WORKER_MAIN = fileURLToPath(new URL("../../../worker/dist/main.js", import.meta.url));
const READY_TIMEOUT_MS = 60_000;

export interface WorkerProcess {
  process: NodeProcess;
  /** Base URL of its ops server (/health, /metrics). */
  url: string;
}

export function workerEnv(env: NodeJS.ProcessEnv, index: number): NodeJS.ProcessEnv {
  const base = Number(env.WORKER_METRICS_PORT ?? "0");
  return {
    ...env,
    WORKER_METRICS_PORT: String(base > 0 ? base + index : 0),
    WORKER_METRICS_HOST: env.WORKER_METRICS_HOST ?? "127.0.0.1",
  };
}

/** Starts one worker; `onSpawn` sees the process at once, so it can be stopped even if it never gets ready. */
export async function startWorkerProcess(
  env: NodeJS.ProcessEnv,
  index: number,
  quiet: boolean,
  onSpawn: (child: NodeProcess) => void,
): Promise<WorkerProcess> {
  const child = startNodeProcess({
    name: `worker-${index + 1}`,
    script: WORKER_MAIN,
    env: workerEnv(env, index),
    quiet,
  });
  onSpawn(child);
  const match = await waitForOutput(
    child.process,
    /worker listening on (http:\/\/[^\s"]+)/,
    READY_TIMEOUT_MS,
    child.name,
  );
  return { process: child, url: match[1]! };
}
