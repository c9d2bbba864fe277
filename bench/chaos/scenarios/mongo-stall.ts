// Scenario 3 — MongoDB stalled for 10 s mid-run: connections stay open, nothing is answered (a hung
// database, not a dead one; packages/test-support/src/stall-proxy.ts sits between every process and the server). During
// it the API answers 503 within MONGODB_TIMEOUT_MS + 1 s (every wait is bounded); afterwards the run
// completes with every portfolio stored once.
import { createModel, setFaults, sleep, submit, universe, waitFinished, waitForProgress } from "../client.js";
import { checkStoredOnce } from "../exactly-once.js";
import { check, round, type Scenario } from "../scenario.js";
import { corePlan, portfoliosFor } from "./plans.js";

const STALL_MS = 10_000;
/** The default (packages/config store section), which the core fleet keeps. */
const MONGODB_TIMEOUT_MS = 5_000;
const BOUND_MS = MONGODB_TIMEOUT_MS + 1_000;
const ACCOUNTING_LATENCY_MS = 200;
/** The first probes start this long into the stall; the last ones are answered this long before its end. */
const PROBE_LEAD_MS = 500;
const RECOVERY_BOUND_S = 40;

interface Probe {
  request: string;
  status: number | string;
  ms: number;
}

/** One round of requests that need MongoDB, in parallel, each timed. */
async function probeRound(api: string, rebalanceId: string, modelId: string): Promise<Probe[]> {
  const paths = [
    `/api/v1/rebalance/${rebalanceId}/status`,
    `/api/v1/rebalance/${rebalanceId}`,
    `/api/v1/model/${modelId}`,
    "/api/v1/models",
    "/health/ready",
  ];
  return Promise.all(
    paths.map(async (path) => {
      const started = performance.now();
      const status = await fetch(`${api}${path}`, { signal: AbortSignal.timeout(30_000) }).then(
        async (response) => (await response.arrayBuffer(), response.status),
        (error: unknown) => (error instanceof Error ? error.name : String(error)),
      );
      return {
        request: `GET ${path.replace(/[0-9a-f]{24}/g, "{id}")}`,
        status,
        ms: Math.round(performance.now() - started),
      };
    }),
  );
}

export const mongoStall: Scenario = {
  id: "mongodb-stall",
  title: "MongoDB stall for 10 s mid-run",
  fleet: corePlan,
  timeoutMs: (short) => (short ? 90_000 : 240_000),
  async run({ fleet, short, log }) {
    const portfolios = portfoliosFor(short);
    const chaos = await fleet();
    check(chaos.env.MONGODB_TIMEOUT_MS === undefined, "the core fleet must keep the default MONGODB_TIMEOUT_MS");
    const accounting = chaos.fleet.urls.simulators.accounting!;
    await setFaults(accounting, { latency_ms: ACCOUNTING_LATENCY_MS });
    const { securityIds, ...all } = await universe(accounting);
    const portfolioIds = all.portfolioIds.slice(0, portfolios);
    const modelId = await createModel(chaos.api, securityIds, portfolioIds);
    const submitted = await submit(chaos.api, modelId);
    await waitForProgress(chaos.api, submitted.id, 0.3, 60_000);

    const proxy = chaos.mongoProxy!;
    proxy.stall();
    const stalledAt = Date.now();
    let probes: Probe[];
    try {
      // Two rounds, the second starting late enough to probe the stall's end yet answered before it is over.
      const rounds = [PROBE_LEAD_MS, STALL_MS - BOUND_MS - PROBE_LEAD_MS].map(async (delay) => {
        await sleep(delay);
        return probeRound(chaos.api, submitted.id, modelId);
      });
      probes = (await Promise.all(rounds)).flat();
      await sleep(Math.max(0, stalledAt + STALL_MS - Date.now()));
    } finally {
      proxy.resume();
    }
    const resumedAt = Date.now();
    log(`  stalled ${round((resumedAt - stalledAt) / 1000)} s; ${probes.length} requests during it`);
    for (const probe of probes) {
      check(probe.status === 503, `${probe.request} answered ${probe.status} during the stall, expected 503`);
      check(probe.ms <= BOUND_MS, `${probe.request} answered after ${probe.ms} ms (bound ${BOUND_MS} ms)`);
    }

    const finished = await waitFinished(chaos.api, submitted, {
      timeoutMs: (RECOVERY_BOUND_S + 30) * 1000,
      failure: chaos.failure,
    });
    const stored = await checkStoredOnce(chaos.api, submitted.id, portfolioIds);
    check(stored.status === "completed", `status ${stored.status} after the stall (${JSON.stringify(stored.counts)})`);
    const recovery = (Date.parse(finished.view.completed_at!) - resumedAt) / 1000;
    check(recovery <= RECOVERY_BOUND_S, `finished ${round(recovery)} s after the stall (bound ${RECOVERY_BOUND_S} s)`);
    const slowest = Math.max(...probes.map((p) => p.ms));
    return {
      portfolios,
      checked: [
        `${probes.length} API requests during the stall: 503 within MONGODB_TIMEOUT_MS + 1 s (${BOUND_MS / 1000} s)`,
        "completed afterwards, every portfolio stored once",
      ],
      timings: { slowest_503: round(slowest / 1000), run: round(finished.seconds), after_stall: round(recovery) },
      details: { stall_ms: STALL_MS, mongodb_timeout_ms: MONGODB_TIMEOUT_MS, probes, counts: stored.counts },
    };
  },
};
