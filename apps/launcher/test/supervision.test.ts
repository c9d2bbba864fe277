// `npm start` supervises (SPEC §8; README "What `npm start` runs"): a SIGKILLed worker is restarted on its port
// and a rebalance submitted before the kill completes without a hand; a worker that keeps dying spends its
// restart budget and stops the fleet with exit 1 naming it; a dead database stops the fleet; Ctrl-C stops it all.
import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { requestJson } from "../src/demo/http.js";
import { childPids, cleanUp, isGone, refusesConnections, startLauncher, until } from "./support/launch.js";
import { createModel, rebalanceState, storedPortfolioIds, submitRebalance } from "./support/rebalance.js";

const PORTFOLIOS = 60;
const servers: Server[] = [];
afterEach(() => {
  cleanUp();
  for (const server of servers.splice(0)) server.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function pollUntil<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

describe("npm start supervises its children", () => {
  it("restarts a SIGKILLed worker on its port, and a rebalance submitted before the kill completes; Ctrl-C then stops everything", async () => {
    const fleet = await startLauncher({
      WORKERS: "1",
      WORKER_CONCURRENCY: "2",
      SOLVER_THREADS: "1",
      SIMULATOR_PORTFOLIOS: String(PORTFOLIOS + 20),
      // A killed worker's jobs are stalled until their lock lapses; short locks keep the test short.
      JOB_LOCK_DURATION_MS: "3000",
      JOB_STALLED_INTERVAL_MS: "1000",
      LAUNCHER_RESTART_DELAY_MS: "300",
    });
    const { api, workers, simulators } = fleet.urls;
    // Each portfolio's summary read takes 200 ms, so the run is still going when the worker is killed.
    await requestJson("PUT", `${simulators.accounting}/_sim/faults`, { body: { latency_ms: 200 } });
    const rebalance = await submitRebalance(api, await createModel(api, simulators.accounting!, PORTFOLIOS));
    await pollUntil(
      async () => ((await rebalanceState(rebalance)).progress.completed! >= 5 ? true : undefined),
      30_000,
      "5 portfolios completed",
    );

    const [worker] = childPids(fleet.child.pid!, "worker/dist/main.js");
    process.kill(worker!, "SIGKILL");
    const killedAt = (await rebalanceState(rebalance)).progress.completed!;
    expect(killedAt).toBeLessThan(PORTFOLIOS);
    await until(() => isGone(worker!), 5_000, "the killed worker gone");
    // Its port closes with its last thread, a little after its main thread, and well before the restart.
    await pollUntil(async () => ((await refusesConnections(workers[0]!)) ? true : undefined), 250, "port closed", 10);

    const restarted = await until(
      () => /worker-1 restarted \(pid (\d+)\)/.exec(fleet.output()),
      30_000,
      "the restart logged",
    );
    expect(fleet.output()).toMatch(
      /worker-1 exited \(SIGKILL\); its last output: .+; restarting it in 300 ms \(restart 1 of 5 within 60 s\)/,
    );
    expect(childPids(fleet.child.pid!, "worker/dist/main.js")).toEqual([Number(restarted[1])]);
    // Same port, same place in FLEET_URLS_FILE.
    expect(await (await fetch(`${workers[0]}/metrics`)).text()).toContain("ogs_jobs_processed_total");

    const finished = await pollUntil(
      async () => {
        const state = await rebalanceState(rebalance);
        return state.completed_at ? state : undefined;
      },
      60_000,
      "the rebalance finished",
    );
    expect(finished.status).toBe("completed");
    expect(finished.progress.failed).toBe(0);
    expect(finished.progress.completed! + finished.progress.infeasible!).toBe(PORTFOLIOS);
    const stored = await storedPortfolioIds(rebalance, PORTFOLIOS);
    expect(stored).toHaveLength(PORTFOLIOS);
    expect(new Set(stored).size).toBe(PORTFOLIOS);
    expect(fleet.output()).not.toContain("stopping");

    // Ctrl-C in a terminal signals the whole process group: the children get SIGINT too, and their exits
    // must not be mistaken for deaths to restart.
    process.kill(-fleet.child.pid!, "SIGINT");
    expect(await fleet.exit()).toBe(0);
    expect(fleet.output()).toMatch(/SIGINT received; stopping worker-1, api, simulators, databases/);
    expect(fleet.output().match(/restarting it in/g)).toHaveLength(1);
    for (const url of [api, simulators.accounting!, fleet.urls.redis, fleet.urls.mongodb, ...workers])
      expect(await refusesConnections(url)).toBe(true);
  }, 150_000);

  it("stops the fleet with exit 1 naming a worker that keeps dying once its restart budget is spent", async () => {
    const fleet = await startLauncher({
      WORKERS: "1",
      LAUNCHER_RESTART_BUDGET: "2",
      LAUNCHER_RESTART_DELAY_MS: "500",
      LAUNCHER_RESTART_MAX_DELAY_MS: "500",
    });
    const { api, workers, simulators } = fleet.urls;
    const [worker] = childPids(fleet.child.pid!, "worker/dist/main.js");
    process.kill(worker!, "SIGKILL");
    await until(() => isGone(worker!), 5_000, "the killed worker gone");
    // Something else takes the worker's port, so every restart dies at once on its own.
    const { port } = new URL(workers[0]!);
    const squatter = createServer();
    servers.push(squatter);
    // The port is free once the worker's last thread is gone, a little after its main thread (500 ms before the restart).
    await pollUntil(
      () =>
        new Promise<true | undefined>((resolve) => {
          squatter.once("error", () => resolve(undefined));
          squatter.listen(Number(port), "127.0.0.1", () => resolve(true));
        }),
      400,
      "the worker's port taken over",
      10,
    );

    expect(await fleet.exit()).toBe(1);
    const output = fleet.output();
    expect(output).toMatch(
      /worker-1 exited \(SIGKILL\); its last output: .+; restarting it in 500 ms \(restart 1 of 2/,
    );
    expect(output).toMatch(
      /worker-1 exited \(1\); its last output: .*EADDRINUSE.*; restarting it in 500 ms \(restart 2 of 2/,
    );
    expect(output).toMatch(
      /worker-1 exited \(1\) after 2 restarts within 60 s; its restart budget \(LAUNCHER_RESTART_BUDGET=2\) is spent; stopping worker-1, api, simulators, databases\n\[launcher\] its last output:\n.*EADDRINUSE/,
    );
    for (const url of [api, simulators.accounting!, fleet.urls.redis, fleet.urls.mongodb])
      expect(await refusesConnections(url)).toBe(true);
  }, 90_000);

  it.each([
    ["redis", "redis-server"],
    ["mongodb", "jongodb"],
  ])(
    "stops the fleet with exit 1 when the embedded %s dies",
    async (name, command) => {
      // Every service URL set: no simulators, so the fleet is quick to start.
      const none = "http://127.0.0.1:9";
      const fleet = await startLauncher({
        WORKERS: "1",
        ...Object.fromEntries(
          ["ACCOUNTING", "SECURITY", "PRICING", "PORTFOLIO", "ORDER"].map((s) => [`${s}_URL`, none]),
        ),
      });
      const [server] = childPids(fleet.child.pid!, command);
      process.kill(server!, "SIGKILL");
      expect(await fleet.exit()).toBe(1);
      expect(fleet.output()).toMatch(new RegExp(`${name} exited \\(SIGKILL\\); stopping worker-1, api, databases`));
      expect(fleet.output()).not.toContain("restarting it in");
      for (const url of [fleet.urls.api, fleet.urls.redis, fleet.urls.mongodb, ...fleet.urls.workers])
        expect(await refusesConnections(url)).toBe(true);
    },
    90_000,
  );
});
