// `npm start`: the built launcher starts MongoDB, Redis and the API, serves /health/ready and
// /docs, stops every child on SIGTERM, and exits non-zero (stopping the rest) when the API dies.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { findFreePort, waitForOutput } from "../src/embedded/index.js";

const MAIN = fileURLToPath(new URL("../dist/main.js", import.meta.url));
const started: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function launch() {
  const port = await findFreePort();
  const dataDir = mkdtempSync(join(tmpdir(), "ogs-launcher-"));
  dirs.push(dataDir);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    PORT: String(port),
    HOST: "127.0.0.1",
    LAUNCHER_DATA_DIR: dataDir,
    LOG_LEVEL: "info",
  };
  const child = spawn(process.execPath, [MAIN], { env, stdio: ["ignore", "pipe", "pipe"] });
  started.push(child);
  const started_at = Date.now();
  const banner = await waitForOutput(child, /Press Ctrl-C to stop\./, 30_000, "launcher");
  const seen = banner.input ?? "";
  return {
    child,
    port,
    readyAfterMs: Date.now() - started_at,
    mongoPort: Number(/MongoDB\s+mongodb:\/\/127\.0\.0\.1:(\d+)/.exec(seen)?.[1]),
    redisPort: Number(/Redis\s+redis:\/\/127\.0\.0\.1:(\d+)/.exec(seen)?.[1]),
    apiPid: Number(/"service":"api","pid":(\d+)/.exec(seen)?.[1]),
  };
}

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code)),
  );

async function refusesConnections(port: number): Promise<boolean> {
  const { createConnection } = await import("node:net");
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

describe("launcher", () => {
  it("serves /health/ready within 20 s and /docs, then stops every child on SIGTERM", async () => {
    const { child, port, readyAfterMs, mongoPort, redisPort } = await launch();
    expect(readyAfterMs).toBeLessThan(20_000);
    expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);
    expect(await (await fetch(`http://127.0.0.1:${port}/docs/`)).text()).toContain("swagger-ui");
    child.kill("SIGTERM");
    expect(await exitOf(child)).toBe(0);
    for (const p of [port, mongoPort, redisPort]) expect(await refusesConnections(p)).toBe(true);
  });

  it("stops the rest and exits non-zero when the API dies", async () => {
    const { child, port, apiPid, mongoPort, redisPort } = await launch();
    expect(apiPid).toBeGreaterThan(0);
    process.kill(apiPid, "SIGKILL");
    expect(await exitOf(child)).toBe(1);
    for (const p of [port, mongoPort, redisPort]) expect(await refusesConnections(p)).toBe(true);
  });
});
