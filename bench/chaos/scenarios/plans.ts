// The fleets the scenarios run on. Pricing down (first: cold caches, closed breakers), the process and store
// faults (worker and API kills, Redis restarts, the MongoDB stall) and the pollers share one "core" fleet with
// the chaos defaults and a stallable MongoDB; degraded Pricing gets its own, with other client settings.
import type { FleetPlan } from "../fleet-pool.js";

/** Portfolios per scenario. */
export const portfoliosFor = (short: boolean) => (short ? 100 : 500);
/** Generated beyond a scenario's portfolios, for warm-up submissions outside them. */
export const SPARE_PORTFOLIOS = 20;

export function corePlan(short: boolean): FleetPlan {
  return { key: "core", options: { portfolios: portfoliosFor(short) + SPARE_PORTFOLIOS, stallableMongo: true } };
}

/** A fleet of its own (cold caches, closed breakers) with `env` on top of the chaos defaults. */
export function ownPlan(key: string, short: boolean, env: Record<string, string> = {}): FleetPlan {
  return { key, options: { portfolios: portfoliosFor(short), env } };
}
