// One of the fleet's Node processes (api, workers, simulators): spawned with its own
// environment, its log lines passed through unchanged (pino JSON), stoppable with a grace period.
import { spawnChild, type ManagedChild } from "../embedded/index.js";

export interface NodeProcessOptions {
  name: string;
  /** Absolute path of the built entry point, e.g. apps/api/dist/main.js. */
  script: string;
  env: NodeJS.ProcessEnv;
  /** Keep the child's log lines to itself (the demo and the bench print their own output). @defaultValue false */
  quiet?: boolean;
  /** Node.js flags before the script (e.g. --cpu-prof). @defaultValue none */
  nodeArgs?: readonly string[];
}

export interface NodeProcess extends ManagedChild {
  /** The last lines the process printed (for error messages; kept in quiet mode too). */
  tail(): string;
}

/** Output kept for `tail()`. */
const TAIL_CHARS = 4_000;

export function startNodeProcess({ name, script, env, quiet = false, nodeArgs = [] }: NodeProcessOptions): NodeProcess {
  const child = spawnChild(name, process.execPath, [...nodeArgs, script], { env });
  let tail = "";
  for (const stream of [child.process.stdout, child.process.stderr]) {
    // Reading keeps the stream flowing even when nothing is piped, so a chatty child never blocks on a full pipe.
    stream?.on("data", (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-TAIL_CHARS)));
  }
  if (!quiet) {
    child.process.stdout?.pipe(process.stdout, { end: false });
    child.process.stderr?.pipe(process.stderr, { end: false });
  }
  return { ...child, tail: () => tail };
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
