// A redis-server with AOF on (as the launcher runs it, so a restart keeps the queue) that a scenario can stop
// with SIGTERM or SIGKILL and start again on the same port and data directory.
import { startEmbeddedRedis, type EmbeddedRedis } from "../../apps/launcher/src/embedded/index.js";

export interface RestartableRedis {
  url: string;
  port: number;
  pid(): number | undefined;
  /** Sends `signal` and waits for the exit. */
  kill(signal: "SIGTERM" | "SIGKILL"): Promise<void>;
  /** Starts it again on the same port over the same AOF files; resolves once it accepts connections. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRestartableRedis(dir: string): Promise<RestartableRedis> {
  let current: EmbeddedRedis | undefined = await startEmbeddedRedis({ appendOnly: true, dir });
  const port = current.port;
  return {
    url: current.url,
    port,
    pid: () => current?.child.process.pid,
    async kill(signal) {
      const victim = current;
      current = undefined;
      if (!victim) return;
      victim.child.process.kill(signal);
      await victim.child.exited;
    },
    async start() {
      current = await startEmbeddedRedis({ appendOnly: true, dir, port });
    },
    async stop() {
      await current?.stop();
      current = undefined;
    },
  };
}
