// Scenario 2 — Redis stopped mid-run and started again on the same port over its AOF files (SPEC §2: AOF on
// in deployments), once with SIGTERM (a clean shutdown writes everything) and once with SIGKILL (up to a
// second of writes lost with `appendfsync everysec`). Workers and the API reconnect by themselves; a job
// whose completion was lost runs again and finds its portfolio stored; each portfolio is stored once.
import {
  createModel,
  setFaults,
  sleep,
  statusView,
  submit,
  universe,
  waitFinished,
  waitForProgress,
} from "../client.js";
import { checkStoredOnce } from "../exactly-once.js";
import type { ChaosFleet } from "../fleet.js";
import { check, round, type Scenario } from "../scenario.js";
import { corePlan, portfoliosFor } from "./plans.js";

/** How long Redis stays down. */
const DOWN_MS = 3_000;
const ACCOUNTING_LATENCY_MS = 100;
/** After Redis is back: reconnection, lapsed locks (3 s), the repair sweep (REPAIR_AFTER_MS 6 s) and the rest of the run. */
const RECOVERY_BOUND_S = 40;

async function strike(chaos: ChaosFleet, signal: "SIGTERM" | "SIGKILL", modelId: string, portfolioIds: string[]) {
  const submitted = await submit(chaos.api, modelId);
  await waitForProgress(chaos.api, submitted.id, 0.3, 60_000);
  await chaos.redis.kill(signal);
  const downAt = Date.now();
  // The status view reads MongoDB only: it keeps answering while the queue is away.
  let viewsAnswered = 0;
  while (Date.now() - downAt < DOWN_MS) {
    if (
      await statusView(chaos.api, submitted.id, 2_000).then(
        () => true,
        () => false,
      )
    )
      viewsAnswered += 1;
    await sleep(250);
  }
  await chaos.redis.start();
  const backAt = Date.now();
  const finished = await waitFinished(chaos.api, submitted, {
    timeoutMs: (RECOVERY_BOUND_S + 30) * 1000,
    failure: chaos.failure,
  });
  const stored = await checkStoredOnce(chaos.api, submitted.id, portfolioIds);
  check(stored.status === "completed", `${signal}: status ${stored.status} (${JSON.stringify(stored.counts)})`);
  const recovery = (Date.parse(finished.view.completed_at!) - backAt) / 1000;
  check(
    recovery <= RECOVERY_BOUND_S,
    `${signal}: finished ${round(recovery)} s after Redis was back (bound ${RECOVERY_BOUND_S} s)`,
  );
  check(viewsAnswered > 0, `${signal}: the status view did not answer while Redis was down`);
  return { run: round(finished.seconds), after_restart: round(recovery), views_answered_while_down: viewsAnswered };
}

export const redisRestart: Scenario = {
  id: "redis-restart",
  title: "Redis restart mid-run (SIGTERM, then SIGKILL; AOF on)",
  fleet: corePlan,
  timeoutMs: (short) => (short ? 120_000 : 300_000),
  async run({ fleet, short, log }) {
    // Two rebalances of half the scenario's portfolios each.
    const portfolios = portfoliosFor(short) / 2;
    const chaos = await fleet();
    const accounting = chaos.fleet.urls.simulators.accounting!;
    await setFaults(accounting, { latency_ms: ACCOUNTING_LATENCY_MS });
    const { securityIds, ...all } = await universe(accounting);
    const portfolioIds = all.portfolioIds.slice(0, portfolios);
    const timings: Record<string, number> = {};
    const details: Record<string, unknown> = { down_ms: DOWN_MS };
    for (const signal of ["SIGTERM", "SIGKILL"] as const) {
      const measured = await strike(
        chaos,
        signal,
        await createModel(chaos.api, securityIds, portfolioIds),
        portfolioIds,
      );
      log(`  ${signal}: run ${measured.run} s, finished ${measured.after_restart} s after Redis was back`);
      timings[`${signal}_run`] = measured.run;
      timings[`${signal}_after_restart`] = measured.after_restart;
      details[signal] = measured;
    }
    return {
      portfolios: 2 * portfolios,
      checked: [
        "2 rebalances completed, every portfolio stored once",
        `Redis down ${DOWN_MS / 1000} s; status view answered meanwhile`,
        `done ≤ ${RECOVERY_BOUND_S} s after Redis is back`,
      ],
      timings,
      details,
    };
  },
};
