// Scenario 6 — 50 concurrent pollers on the status view (SPEC §5.5: the view to poll) during a rebalance:
// the run with them may take at most MAX_SLOWDOWN × the same run without them. Measured on one fleet as
// PAIRS adjacent pairs (without, with), so that load from other work on the shared machine falls on both
// runs of a pair; the factor is the median of the pairs' ratios. Each poller asks again POLL_PAUSE_MS after
// its answer, without If-None-Match (a running rebalance's view changes anyway). The CPU every fleet process
// spends is measured too: what a poll costs the API and MongoDB explains the factor on 2 cores.
import { cpuDelta, percentile } from "../../fleet-probes.js";
import { createModel, setFaults, sleep, statusView, submit, universe, waitFinished, type Finished } from "../client.js";
import { checkStoredOnce } from "../exactly-once.js";
import type { ChaosFleet } from "../fleet.js";
import { check, round, type Scenario } from "../scenario.js";
import { corePlan, portfoliosFor, SPARE_PORTFOLIOS } from "./plans.js";

const POLLERS = 50;
/**
 * A poll a second each (a page refreshing its progress bar): 50 requests/s offered, a quarter of what the API
 * serves on this machine when it is otherwise idle. Back-to-back polling saturates the API by definition, and
 * on 2 shared cores the slowdown then only measures how the kernel divides them.
 */
const POLL_PAUSE_MS = 1_000;
/** A poll slower than this counts as failed. */
const POLL_TIMEOUT_MS = 30_000;
/**
 * The stated bound: 50 such pollers may slow a rebalance by at most this factor. The run is CPU-bound and
 * everything shares 2 cores, so every millisecond a poll costs the API, MongoDB and the pollers is taken
 * from the workers; a status view that read the portfolios, or scanned results, would cost far more.
 */
const MAX_SLOWDOWN = 2;
const PAIRS = 3;

interface PollStats {
  requests: number;
  errors: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  /** The distinct errors, when some polls failed. */
  failures: string[];
  latencies: number[];
}

/** `POLLERS` loops reading the status view until `done` resolves, their starts spread over one pause. */
async function poll(api: string, id: string, done: Promise<unknown>): Promise<PollStats> {
  let finished = false;
  void done.finally(() => (finished = true)).catch(() => undefined);
  const latencies: number[] = [];
  let errors = 0;
  const failures = new Set<string>();
  await Promise.all(
    Array.from({ length: POLLERS }, async (_, index) => {
      // Independent clients: their polls spread over the second rather than arriving all at once.
      await Promise.race([sleep((index * POLL_PAUSE_MS) / POLLERS), done]);
      while (!finished) {
        const started = performance.now();
        await statusView(api, id, POLL_TIMEOUT_MS).then(
          () => latencies.push(performance.now() - started),
          (error: unknown) => {
            errors += 1;
            failures.add(error instanceof Error ? error.message : String(error));
          },
        );
        await Promise.race([sleep(POLL_PAUSE_MS), done]);
      }
    }),
  );
  return {
    requests: latencies.length + errors,
    errors,
    p50_ms: Math.round(percentile(latencies, 50)),
    p99_ms: Math.round(percentile(latencies, 99)),
    max_ms: Math.round(Math.max(0, ...latencies)),
    failures: [...failures].slice(0, 5),
    latencies,
  };
}

/** One rebalance over `portfolioIds`, polled by POLLERS when `polled`; checked for exactly-once storage. */
async function measuredRun(chaos: ChaosFleet, securityIds: string[], portfolioIds: string[], polled: boolean) {
  const modelId = await createModel(chaos.api, securityIds, portfolioIds);
  const cpu = cpuDelta(chaos.processes());
  const submitted = await submit(chaos.api, modelId);
  const finished = waitFinished(chaos.api, submitted, { timeoutMs: 180_000, failure: chaos.failure });
  const [stats, done] = await Promise.all([polled ? poll(chaos.api, submitted.id, finished) : undefined, finished]);
  const cpuSeconds = cpu();
  const stored = await checkStoredOnce(chaos.api, submitted.id, portfolioIds);
  check(stored.status === "completed", `status ${stored.status} (${JSON.stringify(stored.counts)})`);
  return { done, stats, cpuSeconds };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** CPU seconds of `names` summed over runs. */
const cpuOf = (runs: Array<Record<string, number>>, names: string[]) =>
  runs.reduce((sum, run) => sum + names.reduce((s, name) => s + (run[name] ?? 0), 0), 0);

function merge(all: PollStats[], latencies: number[]): Omit<PollStats, "latencies"> {
  return {
    requests: all.reduce((n, s) => n + s.requests, 0),
    errors: all.reduce((n, s) => n + s.errors, 0),
    p50_ms: Math.round(percentile(latencies, 50)),
    p99_ms: Math.round(percentile(latencies, 99)),
    max_ms: Math.round(Math.max(0, ...latencies)),
    failures: all.flatMap((s) => s.failures).slice(0, 5),
  };
}

export const pollers: Scenario = {
  id: "pollers",
  title: "50 concurrent pollers on the status view",
  fleet: corePlan,
  timeoutMs: (short) => (short ? 90_000 : 300_000),
  async run({ fleet, short, log }) {
    const portfolios = portfoliosFor(short);
    const chaos = await fleet();
    // No added latency: the solver and the store are what the pollers compete with.
    await setFaults(chaos.fleet.urls.simulators.accounting!, {});
    const all = await universe(chaos.fleet.urls.simulators.accounting!);
    const portfolioIds = all.portfolioIds.slice(0, portfolios);
    // Warm-up on the spare portfolios: solver threads loaded, connections open, caches filled.
    await measuredRun(chaos, all.securityIds, all.portfolioIds.slice(portfolios, portfolios + SPARE_PORTFOLIOS), false);
    const without: Finished[] = [];
    const withPollers: Finished[] = [];
    const stats: PollStats[] = [];
    const cpu = { without: [] as Array<Record<string, number>>, with: [] as Array<Record<string, number>> };
    for (let pair = 0; pair < PAIRS; pair += 1) {
      const alone = await measuredRun(chaos, all.securityIds, portfolioIds, false);
      without.push(alone.done);
      cpu.without.push(alone.cpuSeconds);
      const polled = await measuredRun(chaos, all.securityIds, portfolioIds, true);
      withPollers.push(polled.done);
      cpu.with.push(polled.cpuSeconds);
      stats.push(polled.stats!);
    }
    const ratios = withPollers.map((run, i) => run.seconds / without[i]!.seconds);
    const slowdown = median(ratios);
    const polled = merge(
      stats,
      stats.flatMap((s) => s.latencies),
    );
    const serving = ["api", "mongodb"];
    const msPerPoll = ((cpuOf(cpu.with, serving) - cpuOf(cpu.without, serving)) * 1000) / polled.requests;
    log(
      `  without pollers ${without.map((r) => round(r.seconds)).join(", ")} s; with ${POLLERS} pollers ${withPollers.map((r) => round(r.seconds)).join(", ")} s (median ×${slowdown.toFixed(2)}); ${polled.requests} polls, p50 ${polled.p50_ms} ms, p99 ${polled.p99_ms} ms, max ${polled.max_ms} ms; ${msPerPoll.toFixed(1)} ms of API + MongoDB CPU per poll`,
    );
    check(polled.errors === 0, `${polled.errors} of ${polled.requests} polls failed: ${polled.failures.join(" | ")}`);
    check(
      slowdown <= MAX_SLOWDOWN,
      `${POLLERS} pollers slowed the runs ×${slowdown.toFixed(2)} (median; bound ×${MAX_SLOWDOWN})`,
    );
    return {
      portfolios: 2 * PAIRS * portfolios,
      checked: [
        `${PAIRS} runs with ${POLLERS} pollers (one poll/s each) vs ${PAIRS} without: median ×${slowdown.toFixed(2)} ≤ ×${MAX_SLOWDOWN}`,
        `${polled.requests} polls, none failed (p50 ${polled.p50_ms} ms, p99 ${polled.p99_ms} ms); ${msPerPoll.toFixed(1)} ms API + MongoDB CPU each`,
        "every run completed, every portfolio stored once",
      ],
      timings: {
        without_pollers: round(median(without.map((r) => r.seconds))),
        with_pollers: round(median(withPollers.map((r) => r.seconds))),
      },
      details: {
        pollers: POLLERS,
        poll_pause_ms: POLL_PAUSE_MS,
        slowdown: round(slowdown),
        pair_ratios: ratios.map(round),
        cpu_ms_per_poll_api_mongodb: round(msPerPoll),
        cpu_seconds_without: cpu.without,
        cpu_seconds_with: cpu.with,
        max_slowdown: MAX_SLOWDOWN,
        runs_without_s: without.map((r) => round(r.seconds)),
        runs_with_s: withPollers.map((r) => round(r.seconds)),
        polls: { ...polled, failures: undefined },
      },
    };
  },
};
