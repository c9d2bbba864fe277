// The full fleet of `npm start` (SPEC §8): simulators and WORKERS worker processes, FLEET_URLS_FILE, a
// dying worker or simulators process restarted on its own URLs while the rest keeps running, SIGTERM
// stopping everything in order (apps, then simulators, then databases), WORKERS=0, and `npm run demo`
// — which never restarts: a dying worker fails it.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { waitForOutput } from "../src/embedded/index.js";
import { childPids, cleanUp, isGone, refusesConnections, startLauncher, until } from "./support/launch.js";

const DEMO = fileURLToPath(new URL("../dist/demo.js", import.meta.url));
const dirs: string[] = [];

afterEach(() => {
  cleanUp();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function runDemo() {
  const dir = mkdtempSync(join(tmpdir(), "ogs-demo-test-"));
  dirs.push(dir);
  const child = spawn(process.execPath, [DEMO], {
    env: {
      PATH: process.env.PATH,
      HOST: "127.0.0.1",
      LAUNCHER_DATA_DIR: dir,
      LOG_LEVEL: "warn",
      SIMULATOR_PORTFOLIOS: "40",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exit, output: () => output };
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}

describe("npm start with workers and simulators", () => {
  it("writes FLEET_URLS_FILE, serves every URL, restarts a dying worker and the simulators on their URLs, and stops in order on SIGTERM", async () => {
    const fleet = await startLauncher({ WORKERS: "2", LAUNCHER_RESTART_DELAY_MS: "1000" });
    const { urls } = fleet;
    const launcher = fleet.child.pid!;
    expect(fleet.output()).toContain(JSON.stringify(urls));
    expect(urls.workers).toHaveLength(2);
    expect(Object.keys(urls.simulators).sort()).toEqual(["accounting", "order", "portfolio", "pricing", "security"]);
    expect((await fetch(`${urls.api}/health/ready`)).status).toBe(200);
    for (const worker of urls.workers)
      expect(await (await fetch(`${worker}/metrics`)).text()).toContain("ogs_jobs_processed_total");
    expect((await fetch(`${urls.simulators.accounting}/_sim/faults`)).status).toBe(200);

    const [api] = childPids(launcher, "api/dist/main.js");
    const workerPids = childPids(launcher, "worker/dist/main.js");
    expect(workerPids).toHaveLength(2);
    process.kill(workerPids[0]!, "SIGKILL");
    // Within the 1 s restart delay exactly one worker URL goes down: the killed one's (its socket closes when
    // its last thread has gone, a little after its main thread).
    let down: string[] = [];
    for (const deadline = Date.now() + 900; down.length === 0 && Date.now() < deadline;) {
      down = [];
      for (const url of urls.workers) if (await refusesConnections(url)) down.push(url);
    }
    expect(down).toHaveLength(1);
    const restarted = await until(() => /(worker-\d) restarted \(pid (\d+)\)/.exec(fleet.output()), 30_000, "restart");
    expect(fleet.output()).toMatch(
      new RegExp(`${restarted[1]} exited \\(SIGKILL\\); its last output: .+; restarting it in 1000 ms`),
    );
    expect(await answers(`${down[0]}/metrics`)).toBe(true);
    expect(childPids(launcher, "worker/dist/main.js").sort()).toEqual([workerPids[1]!, Number(restarted[2])].sort());

    const [simulators] = childPids(launcher, "simulators/dist/main.js");
    process.kill(simulators!, "SIGKILL");
    await until(() => /simulators restarted \(pid \d+\)/.test(fleet.output()), 30_000, "simulators restart");
    expect(fleet.output()).toMatch(/simulators exited \(SIGKILL\); its last output: .+; restarting it in 1000 ms/);
    for (const url of Object.values(urls.simulators)) expect(await answers(`${url}/_sim/faults`)).toBe(true);
    expect(isGone(api!)).toBe(false);
    expect(isGone(workerPids[1]!)).toBe(false);
    expect(fleet.output()).not.toContain("stopping");

    // SIGTERM to the launcher alone: it stops its children one after the other, apps before databases.
    const watched = {
      workers: childPids(launcher, "worker/dist/main.js"),
      api: [api!],
      simulators: childPids(launcher, "simulators/dist/main.js"),
      databases: [...childPids(launcher, "redis-server"), ...childPids(launcher, "jongodb")],
    };
    expect(watched.databases).toHaveLength(2);
    const goneAt = new Map<number, number>();
    const sample = () => {
      for (const pid of Object.values(watched).flat()) if (!goneAt.has(pid) && isGone(pid)) goneAt.set(pid, Date.now());
    };
    const sampler = setInterval(sample, 5);
    fleet.child.kill("SIGTERM");
    expect(await fleet.exit()).toBe(0);
    clearInterval(sampler);
    sample();
    expect(fleet.output()).toMatch(/SIGTERM received; stopping worker-2, worker-1, api, simulators, databases/);
    expect(goneAt.size).toBe(Object.values(watched).flat().length);
    const last = (pids: number[]) => Math.max(...pids.map((pid) => goneAt.get(pid)!));
    const first = (pids: number[]) => Math.min(...pids.map((pid) => goneAt.get(pid)!));
    expect(last(watched.workers)).toBeLessThanOrEqual(first(watched.api));
    expect(last(watched.api)).toBeLessThanOrEqual(first(watched.simulators));
    expect(last(watched.simulators)).toBeLessThanOrEqual(first(watched.databases));
    for (const url of [urls.api, urls.simulators.accounting!, urls.redis, urls.mongodb, ...urls.workers])
      expect(await refusesConnections(url)).toBe(true);
  }, 120_000);

  it("runs the API only with WORKERS=0", async () => {
    const fleet = await startLauncher({ WORKERS: "0" });
    expect(fleet.urls.workers).toEqual([]);
    expect((await fetch(`${fleet.urls.api}/health/ready`)).status).toBe(200);
    fleet.child.kill("SIGTERM");
    expect(await fleet.exit()).toBe(0);
  });
});

describe("npm run demo", () => {
  it("rebalances asynchronously, prints progress and a summary, stops the fleet and exits 0", async () => {
    const demo = runDemo();
    expect(await demo.exit, demo.output()).toBe(0);
    const output = demo.output();
    expect(output).toMatch(/Plain rebalance \(no options\): submitted rebalance [0-9a-f]{24} asynchronously \(202/);
    expect(output).toMatch(/completed 30\/30/);
    expect(output).toMatch(/market value\s+cash before\s+cash after\s+trades\s+drift before → after/);
    expect(output).toMatch(/30 portfolios, total market value [\d.]+; mean drift [\d.]+ % before, [\d.]+ % after\./);
    // The demo's local receiver gets the callback and shows it verified.
    expect(output).toMatch(
      /Webhook received on the local receiver, signature verified with standardwebhooks:\n\s+webhook-id: msg_/,
    );
    expect(output).toContain('"type": "rebalance.completed"');
    expect(output).toContain("demo finished; stopping");
    // The second run trades under buy_only + min_trade_value: options shown, and not one sell.
    const second = output.slice(output.indexOf("Second run: buy_only + min_trade_value 1000: submitted rebalance"));
    expect(second).toContain('options in force {"mode":"buy_only","min_trade_value":"1000"}');
    const rows = second.split("\n").filter((line) => / buy \/ \d+ sell/.test(line));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/ buy \/ 0 sell/);
    // The model's open lower bands leave buy_only feasible wherever the holdings fit: most portfolios trade.
    expect(rows.length).toBeGreaterThanOrEqual(20);
  });

  it("fails with exit 1 naming a worker that dies, without restarting it", async () => {
    const demo = runDemo();
    await waitForOutput(demo.child, /Fleet up: /, 60_000, "demo");
    const [worker] = childPids(demo.child.pid!, "worker/dist/main.js");
    process.kill(worker!, "SIGKILL");
    expect(await demo.exit, demo.output()).toBe(1);
    expect(demo.output()).toMatch(/\[demo\] worker-\d exited \(SIGKILL\); stopping/);
    expect(demo.output()).not.toContain("restarting it in");
    expect(demo.output()).not.toContain("demo finished");
  });
});
