// One of the fleet's Node processes (api now; workers and simulators later): spawned with its own
// environment, its log lines passed through unchanged (pino JSON), stoppable with a grace period.
import { spawnChild, type ManagedChild } from "../embedded/index.js";

export interface NodeProcessOptions {
  name: string;
  /** Absolute path of the built entry point, e.g. apps/api/dist/main.js. */
  script: string;
  env: NodeJS.ProcessEnv;
}

export interface NodeProcess extends ManagedChild {
  /** Resolves with the exit code (or signal name) when the process ends, for whatever reason. */
  exited: Promise<number | string>;
}

export function startNodeProcess({ name, script, env }: NodeProcessOptions): NodeProcess {
  const child = spawnChild(name, process.execPath, [script], { env });
  child.process.stdout?.pipe(process.stdout, { end: false });
  child.process.stderr?.pipe(process.stderr, { end: false });
  const exited = new Promise<number | string>((resolve) => {
    child.process.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown"));
  });
  return { ...child, exited };
}

/** Polls `url` until it answers 2xx; rejects when `timeoutMs` passes or the process exits first. */
export async function waitUntilHealthy(url: string, child: NodeProcess, timeoutMs: number): Promise<void> {
  let exited = false;
  void child.exited.then(() => (exited = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${child.name} exited before it was ready`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${child.name} was not ready at ${url} within ${timeoutMs} ms`);
}
