// The full fleet of `npm start` (issue 6): simulators and WORKERS worker processes, FLEET_URLS_FILE, a
// dying worker that stops the rest with a non-zero exit naming it, WORKERS=0, and `npm run demo`.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { findFreePort, waitForOutput } from "../src/embedded/index.js";

const MAIN = fileURLToPath(new URL("../dist/main.js", import.meta.url));
const DEMO = fileURLToPath(new URL("../dist/demo.js", import.meta.url));
const started: ChildProcess[] = [];
const dirs: string[] = [];

interface FleetUrls {
  api: string;
  workers: string[];
  simulators: Record<string, string>;
  redis: string;
  mongodb: string;
}

afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function run(script: string, env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), "ogs-fleet-test-"));
  dirs.push(dir);
  const child = spawn(process.execPath, [script], {
    env: {
      PATH: process.env.PATH,
      HOST: "127.0.0.1",
      LAUNCHER_DATA_DIR: dir,
      LOG_LEVEL: "warn",
      SIMULATOR_PORTFOLIOS: "40",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.push(child);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return { child, dir, output: () => output };
}

/** Pids of the direct children of `pid` whose command line contains `script`. */
function childPids(pid: number, script: string): number[] {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
  return children.filter((child) => readFileSync(`/proc/${child}/cmdline`, "utf8").includes(script));
}

/** `npm start` with WORKERS and FLEET_URLS_FILE; resolves once the banner is printed. */
async function startLauncher(workers: number) {
  const dir = mkdtempSync(join(tmpdir(), "ogs-fleet-file-"));
  dirs.push(dir);
  const file = join(dir, "fleet.json");
  const launched = run(MAIN, { PORT: String(await findFreePort()), WORKERS: String(workers), FLEET_URLS_FILE: file });
  await waitForOutput(launched.child, /Press Ctrl-C to stop\./, 60_000, "launcher");
  return { launched, urls: JSON.parse(readFileSync(file, "utf8")) as FleetUrls };
}

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code)),
  );

function refusesConnections(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ port: Number(port), host: hostname });
    socket.once("connect", () => (socket.destroy(), resolve(false)));
    socket.once("error", () => resolve(true));
  });
}

describe("npm start with workers and simulators", () => {
  it("writes FLEET_URLS_FILE, serves every URL, and stops the rest with exit 1 naming a worker that dies", async () => {
    const { launched, urls } = await startLauncher(2);
    expect(launched.output()).toContain(JSON.stringify(urls));
    expect(urls.workers).toHaveLength(2);
    expect(Object.keys(urls.simulators).sort()).toEqual(["accounting", "order", "portfolio", "pricing", "security"]);
    expect((await fetch(`${urls.api}/health/ready`)).status).toBe(200);
    for (const worker of urls.workers)
      expect(await (await fetch(`${worker}/metrics`)).text()).toContain("ogs_jobs_processed_total");
    expect((await fetch(`${urls.simulators.accounting}/_sim/faults`)).status).toBe(200);

    const workerPids = childPids(launched.child.pid!, "worker/dist/main.js");
    expect(workerPids).toHaveLength(2);
    process.kill(workerPids[0]!, "SIGKILL");
    expect(await exitOf(launched.child)).toBe(1);
    expect(launched.output()).toMatch(/worker-\d exited \(SIGKILL\); stopping/);
    for (const url of [urls.api, urls.simulators.accounting!, urls.redis, urls.mongodb, ...urls.workers])
      expect(await refusesConnections(url)).toBe(true);
  });

  it("runs the API only with WORKERS=0", async () => {
    const { launched, urls } = await startLauncher(0);
    expect(urls.workers).toEqual([]);
    expect((await fetch(`${urls.api}/health/ready`)).status).toBe(200);
    launched.child.kill("SIGTERM");
    expect(await exitOf(launched.child)).toBe(0);
  });
});

describe("npm run demo", () => {
  it("rebalances asynchronously, prints progress and a summary, stops the fleet and exits 0", async () => {
    const demo = run(DEMO, {});
    expect(await exitOf(demo.child), demo.output()).toBe(0);
    const output = demo.output();
    expect(output).toMatch(/Submitted rebalance [0-9a-f]{24} asynchronously \(202/);
    expect(output).toMatch(/completed 30\/30/);
    expect(output).toMatch(/market value\s+cash before\s+cash after\s+trades\s+drift before → after/);
    expect(output).toMatch(/30 portfolios, total market value [\d.]+; mean drift [\d.]+ % before, [\d.]+ % after\./);
    // Issue 7: the demo's local receiver gets the callback and shows it verified.
    expect(output).toMatch(
      /Webhook received on the local receiver, signature verified with standardwebhooks:\n\s+webhook-id: msg_/,
    );
    expect(output).toContain('"type": "rebalance.completed"');
    expect(output).toContain("demo finished; stopping");
  });
});
