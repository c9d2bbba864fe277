// Scenario 4a — Pricing answering 30 % of its requests with 503 (simulator faults, PUT {pricing}/_sim/faults
// {"error_rate": 0.3}), README "Degraded is not down" (SPEC §5.3): the service is degraded, not down. A call
// that fails all its retries fails and retries its portfolio job, and the rebalance completes with every
// portfolio solved.
import { metricSum, scrapeAll } from "../../fleet-probes.js";
import { createModel, requestCounts, setFaults, submit, universe, waitFinished } from "../client.js";
import { checkStoredOnce } from "../exactly-once.js";
import { check, round, type Scenario } from "../scenario.js";
import { ownPlan, portfoliosFor } from "./plans.js";

/**
 * 600 securities, so each portfolio holds ones no other job has priced yet and Pricing is asked about a
 * thousand times (some calls do fail all four attempts, 0.3⁴ ≈ 0.8 %: the case that used to fail the whole
 * rebalance); retries wait 100 ms × 2ⁿ instead of 1 s × 2ⁿ to keep the run short. Price caching keeps its
 * default (60 s), so a retried job finds the prices its failed attempt did get. A fleet of its own.
 */
const DEGRADED_ENV = { SIMULATOR_SECURITIES: "600", HTTP_RETRY_BASE_MS: "100" };

async function pricingServed(pricing: string): Promise<number> {
  return Object.values(await requestCounts(pricing)).reduce((sum, n) => sum + n, 0);
}

export const pricingDegraded: Scenario = {
  id: "pricing-30",
  title: "Pricing answers 30 % of requests with 503",
  fleet: (short) => ownPlan("pricing-degraded", short, DEGRADED_ENV),
  timeoutMs: (short) => (short ? 90_000 : 240_000),
  async run({ fleet, short, log }) {
    const portfolios = portfoliosFor(short);
    const chaos = await fleet();
    const { pricing, accounting } = chaos.fleet.urls.simulators;
    const { portfolioIds, securityIds } = await universe(accounting!);
    await setFaults(pricing!, { error_rate: 0.3 });
    const submitted = await submit(chaos.api, await createModel(chaos.api, securityIds, portfolioIds));
    const finished = await waitFinished(chaos.api, submitted, { timeoutMs: 120_000, failure: chaos.failure });
    const stored = await checkStoredOnce(chaos.api, submitted.id, portfolioIds);
    check(
      stored.status === "completed" && stored.counts.completed === portfolios,
      `status ${stored.status} with ${JSON.stringify(stored.counts)}${finished.view.error ? `: ${finished.view.error.message}` : ""}; expected every portfolio solved`,
    );
    const metrics = await scrapeAll(chaos.fleet.urls.workers);
    const retried = metricSum(metrics, "ogs_jobs_processed_total", 'queue="rebalance-portfolios"', 'outcome="retried"');
    const served = await pricingServed(pricing!);
    log(`  Pricing served ${served} requests; ${retried} portfolio jobs retried after a call failed all its attempts`);
    check(
      retried >= 1,
      `no Pricing call failed all its retries (${served} requests): the degraded path was not exercised`,
    );
    return {
      portfolios,
      checked: [
        "completed, every portfolio solved and stored once",
        `${retried} portfolio jobs retried after a Pricing call failed all its attempts (${served} Pricing requests)`,
      ],
      timings: { run: round(finished.seconds) },
      details: { env: DEGRADED_ENV, pricing_requests: served, portfolio_jobs_retried: retried, counts: stored.counts },
    };
  },
};
