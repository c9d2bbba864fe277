// Scenario 1 — a worker SIGKILLed mid-run, then both (SPEC §5.4: delivery is at least once, every write
// idempotent). The launcher restarts them (its restart policy, as under `npm start`); the jobs they held
// are taken over once their locks lapse (JOB_LOCK_DURATION_MS, small here) and each portfolio is stored once.
import { metricSum, scrapeAll } from "../../fleet-probes.js";
import {
  createModel,
  requestCounts,
  resetRequestCounts,
  setFaults,
  sleep,
  submit,
  universe,
  waitFinished,
  waitForProgress,
} from "../client.js";
import { checkStoredOnce } from "../exactly-once.js";
import { CHAOS_ENV } from "../fleet.js";
import { ChaosAssertion, check, round, type Scenario } from "../scenario.js";
import { corePlan, portfoliosFor } from "./plans.js";

/** Added to every accounting call, so a short run lasts long enough to be struck twice. */
const ACCOUNTING_LATENCY_MS = 150;
/**
 * Added to every accounting call while the first victim restarts (seconds on a busy machine): the survivor then
 * crawls, so the second strike still finds portfolio jobs in flight instead of a finished run.
 */
const RESTART_LATENCY_MS = 1_500;
/**
 * After the last kill the run may take this long, plus twice what its remaining portfolios took before any
 * kill: the launcher's restart delay (2 s for worker-1's second restart), a worker's start (a few seconds on
 * a busy machine), the lock lapse (3 s) and the stalled check (1 s), with room.
 */
const RECOVERY_OVERHEAD_S = 15;

const done = (progress: Record<string, number>) =>
  (progress.completed ?? 0) + (progress.infeasible ?? 0) + (progress.failed ?? 0) + (progress.cancelled ?? 0);

function kill(pid: number): void {
  process.kill(pid, "SIGKILL");
}

/** Waits until the worker's pid is not `before` (the launcher restarted it) and its ops server answers ready. */
async function restarted(pidOf: () => number, before: number, opsUrl: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (pidOf() !== before) {
      const ready = await fetch(`${opsUrl}/health/ready`, { signal: AbortSignal.timeout(2_000) }).catch(
        () => undefined,
      );
      if (ready?.ok) return;
    }
    await sleep(100);
  }
  throw new ChaosAssertion(`the launcher did not restart the killed worker within ${timeoutMs} ms`);
}

export const workerKill: Scenario = {
  id: "worker-sigkill",
  title: "worker SIGKILL mid-run (one, then both)",
  fleet: corePlan,
  timeoutMs: (short) => (short ? 90_000 : 240_000),
  async run({ fleet, short, log }) {
    const portfolios = portfoliosFor(short);
    const chaos = await fleet();
    const simulators = chaos.fleet.urls.simulators;
    await setFaults(simulators.accounting!, { latency_ms: ACCOUNTING_LATENCY_MS });
    const { securityIds, ...all } = await universe(simulators.accounting!);
    const portfolioIds = all.portfolioIds.slice(0, portfolios);
    await resetRequestCounts(simulators.accounting!);
    const submitted = await submit(chaos.api, await createModel(chaos.api, securityIds, portfolioIds));

    const beforeKill = await waitForProgress(chaos.api, submitted.id, 0.25, 60_000);
    const firstKill = Date.now();
    // Portfolios per second before any fault (the cold start included, so a generous measure).
    const pace = done(beforeKill.progress) / ((firstKill - submitted.sentAt) / 1000);
    const victim = chaos.pid("worker-1");
    kill(victim);
    log(`  SIGKILL worker-1 at ${round((firstKill - submitted.sentAt) / 1000)} s`);
    // Strike again once the restarted worker-1 is back at work and half the portfolios are done.
    await setFaults(simulators.accounting!, { latency_ms: RESTART_LATENCY_MS });
    await restarted(() => chaos.pid("worker-1"), victim, chaos.fleet.urls.workers[0]!, 30_000);
    await setFaults(simulators.accounting!, { latency_ms: ACCOUNTING_LATENCY_MS });
    const atSecondKill = await waitForProgress(chaos.api, submitted.id, 0.5, 120_000);
    check(
      done(atSecondKill.progress) < portfolios,
      `the run ended before the second strike (${JSON.stringify(atSecondKill.progress)}): nothing left to take over`,
    );
    const secondKill = Date.now();
    const bound = RECOVERY_OVERHEAD_S + (2 * (portfolios - done(atSecondKill.progress))) / pace;
    kill(chaos.pid("worker-1"));
    kill(chaos.pid("worker-2"));
    log(`  SIGKILL worker-1 and worker-2 at ${round((secondKill - submitted.sentAt) / 1000)} s`);

    const finished = await waitFinished(chaos.api, submitted, {
      timeoutMs: (bound + 60) * 1000,
      failure: chaos.failure,
    });
    const stored = await checkStoredOnce(chaos.api, submitted.id, portfolioIds);
    check(
      stored.status === "completed",
      `status ${stored.status}, expected completed (${JSON.stringify(stored.counts)})`,
    );
    const recovery = (Date.parse(finished.view.completed_at!) - secondKill) / 1000;
    check(recovery <= bound, `finished ${round(recovery)} s after the last kill (bound ${round(bound)} s)`);

    // Both workers back (the second restart of worker-1 waits 2 s), so that both can be asked for their counts.
    for (const [index, url] of chaos.fleet.urls.workers.entries())
      await restarted(() => chaos.pid(`worker-${index + 1}`), 0, url, 30_000);
    const metrics = await scrapeAll(chaos.fleet.urls.workers);
    const stalled = metricSum(metrics, "ogs_jobs_stalled_total", 'queue="rebalance-portfolios"');
    check(stalled >= 1, "no stalled portfolio job was taken over (ogs_jobs_stalled_total is 0)");
    const fetched = await requestCounts(simulators.accounting!);
    const redelivered = portfolioIds.filter((id) => (fetched[`/api/v1/portfolios/${id}/summary`] ?? 0) > 1).length;
    return {
      portfolios,
      checked: [
        "completed, every portfolio stored once",
        `stalled jobs taken over (${stalled}); ${redelivered} portfolios fetched twice, stored once`,
        `done ${round(recovery)} s after the last kill ≤ ${round(bound)} s (${RECOVERY_OVERHEAD_S} s + twice the rest at the pace before)`,
      ],
      timings: { run: round(finished.seconds), after_last_kill: round(recovery) },
      details: {
        job_lock_duration_ms: Number(CHAOS_ENV.JOB_LOCK_DURATION_MS),
        accounting_latency_ms: ACCOUNTING_LATENCY_MS,
        stalled_jobs_recovered: stalled,
        portfolios_redelivered: redelivered,
        counts: stored.counts,
      },
    };
  },
};
