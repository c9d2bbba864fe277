// The restart loop of `npm start` on tiny real processes (SPEC §8): a child that dies on its own is restarted
// after the policy's delay and the restart is logged; one that keeps dying spends its budget and fails the fleet;
// without a policy (the demo) the first death fails it; a stopped fleet restarts nothing.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { waitForOutput } from "../src/embedded/index.js";
import { startNodeProcess } from "../src/fleet/node-process.js";
import type { RestartPolicy } from "../src/fleet/restart-policy.js";
import { startSupervised, type Incarnation } from "../src/fleet/supervised-process.js";
import { createFleetTracker, type StoppableFleet } from "../src/fleet/tracker.js";

const dir = mkdtempSync(join(tmpdir(), "ogs-supervised-"));
const SCRIPT = join(dir, "child.mjs");
// Says it is ready, then lives until killed, or exits with code 3 after DIE_AFTER_MS saying why.
writeFileSync(
  SCRIPT,
  `console.log("ready " + process.pid);
if (process.env.DIE_AFTER_MS) setTimeout(() => { console.error("boom: disk on fire"); process.exit(3); }, Number(process.env.DIE_AFTER_MS));
else setInterval(() => undefined, 1000);
`,
);

const fast: RestartPolicy = { delayMs: 100, maxDelayMs: 400, budget: 3, windowMs: 60_000 };
const trackers: StoppableFleet[] = [];
afterEach(async () => {
  for (const tracker of trackers.splice(0)) await tracker.stop();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function setUp(env: NodeJS.ProcessEnv = {}) {
  const tracker = createFleetTracker();
  trackers.push(tracker);
  const lines: string[] = [];
  let spawned = 0;
  const spawn = (): Incarnation => {
    spawned++;
    const process = startNodeProcess({
      name: "child",
      script: SCRIPT,
      env: { PATH: globalThis.process.env.PATH, ...env },
      quiet: true,
    });
    const ready = waitForOutput(process.process, /ready \d+/, 10_000, "child").then(() => undefined);
    return { process, ready };
  };
  return { tracker, lines, spawn, log: (line: string) => lines.push(line), spawned: () => spawned };
}

const until = async (condition: () => boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe(startSupervised.name, () => {
  it("restarts a SIGKILLed child after the delay and logs its name, signal and last output line", async () => {
    const { tracker, lines, spawn, log } = setUp();
    const sut = await startSupervised({ name: "worker-7", spawn, policy: fast, tracker, log });
    const first = sut.current.process.pid!;
    const killedAt = Date.now();
    process.kill(first, "SIGKILL");
    await until(() => lines.some((line) => line.startsWith("worker-7 restarted")));
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(fast.delayMs);
    expect(lines[0]).toBe(
      `worker-7 exited (SIGKILL); its last output: ready ${first}; restarting it in 100 ms (restart 1 of 3 within 60 s)`,
    );
    expect(sut.current.process.pid).not.toBe(first);
    expect(sut.current.process.exitCode).toBeNull();
    expect(sut.restarts).toBe(1);
  });

  it("doubles the delay and fails the fleet naming the child once its restart budget is spent", async () => {
    const { tracker, lines, spawn, log, spawned } = setUp({ DIE_AFTER_MS: "50" });
    await startSupervised({ name: "simulators", spawn, policy: fast, tracker, log });
    await expect(tracker.failure).rejects.toThrow(
      /^simulators exited \(3\) after 3 restarts within 60 s; its restart budget \(LAUNCHER_RESTART_BUDGET=3\) is spent; its last output:\nready \d+\nboom: disk on fire/,
    );
    expect(spawned()).toBe(4);
    expect(
      lines.filter((line) => line.includes("restarting it in")).map((line) => /in (\d+) ms/.exec(line)?.[1]),
    ).toEqual(["100", "200", "400"]);
    expect(lines[0]).toContain("its last output: boom: disk on fire;");
  });

  it("fails the fleet on the first death when there is no restart policy (the demo)", async () => {
    const { tracker, spawn, log, spawned } = setUp({ DIE_AFTER_MS: "50" });
    await startSupervised({ name: "worker-1", spawn, policy: undefined, tracker, log });
    await expect(tracker.failure).rejects.toThrow(/^worker-1 exited \(3\); its last output/);
    expect(spawned()).toBe(1);
  });

  it("restarts nothing once the fleet is stopping, even a child that dies while it waits for its restart", async () => {
    const { tracker, lines, spawn, log, spawned } = setUp();
    const sut = await startSupervised({ name: "worker-2", spawn, policy: { ...fast, delayMs: 300 }, tracker, log });
    process.kill(sut.current.process.pid!, "SIGKILL");
    await until(() => lines.length === 1);
    await tracker.stop();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(spawned()).toBe(1);
    expect(lines).toHaveLength(1);
  });

  it("rejects when the first run dies before it is ready, without restarting it (start-up failures fail the start)", async () => {
    const { tracker, log } = setUp();
    let spawned = 0;
    const spawn = (): Incarnation => {
      spawned++;
      const process = startNodeProcess({ name: "child", script: SCRIPT, env: { DIE_AFTER_MS: "10" }, quiet: true });
      return { process, ready: waitForOutput(process.process, /never printed/, 10_000, "child").then(() => undefined) };
    };
    await expect(startSupervised({ name: "worker-3", spawn, policy: fast, tracker, log })).rejects.toThrow(
      /^child exited \(code 3\) before it was ready/,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(spawned).toBe(1);
  });

  it("stops a restarted child that does not get ready in time, and counts that as a death", async () => {
    const { tracker, lines, log } = setUp();
    let spawned = 0;
    const spawn = (): Incarnation => {
      const pattern = spawned++ === 0 ? /ready \d+/ : /never printed/;
      const process = startNodeProcess({ name: "child", script: SCRIPT, env: {}, quiet: true });
      return { process, ready: waitForOutput(process.process, pattern, 300, "child").then(() => undefined) };
    };
    const sut = await startSupervised({ name: "worker-4", spawn, policy: { ...fast, budget: 2 }, tracker, log });
    process.kill(sut.current.process.pid!, "SIGKILL");
    await expect(tracker.failure).rejects.toThrow(/^worker-4 exited \(SIGTERM\) after 2 restarts within 60 s/);
    expect(spawned).toBe(3);
    expect(
      lines.filter((line) => line.startsWith("worker-4 did not get ready: child was not ready within 300 ms")),
    ).toHaveLength(2);
  });
});
