// Starts Debian's redis-server on a free loopback port (ARCHITECTURE "Embedded defaults").
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnChild, waitForOutput, type ManagedChild } from "./child.js";
import { findFreePort } from "./free-port.js";

export interface EmbeddedRedis {
  url: string;
  port: number;
  child: ManagedChild;
  stop(): Promise<void>;
}

export interface EmbeddedRedisOptions {
  /** AOF persistence: on for the launcher (a restart keeps the queue), off for tests. @defaultValue false */
  appendOnly?: boolean;
  /** Port to use; a free one when omitted. */
  port?: number;
  /** Data directory; a fresh temporary one when omitted (removed on stop). */
  dir?: string;
}

/** Path of redis-server, or undefined when it is not installed. */
export function findRedisServer(): string | undefined {
  try {
    return execFileSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export async function startEmbeddedRedis(options: EmbeddedRedisOptions = {}): Promise<EmbeddedRedis> {
  const binary = findRedisServer();
  if (!binary) {
    throw new Error(
      "redis-server is not installed. Install it with: sudo apt-get install -y redis-server (or set REDIS_URL to a running Redis).",
    );
  }
  const port = options.port ?? (await findFreePort());
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "ogs-redis-"));
  const args = [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--dir",
    dir,
    "--save",
    "",
    "--appendonly",
    options.appendOnly ? "yes" : "no",
    // BullMQ requires noeviction: an evicted job key silently loses work.
    "--maxmemory-policy",
    "noeviction",
    "--daemonize",
    "no",
  ];
  const child = spawnChild("redis", binary, args);
  await waitForOutput(child.process, /Ready to accept connections/, 15_000, "redis-server");
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    child,
    async stop() {
      await child.stop(5_000);
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
