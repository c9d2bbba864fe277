// The soak of bench/solver.ts: many consecutive solves in one process, with
// resident memory before and after, so a HiGHS WASM leak or crash shows up.
import type { RebalanceInput } from "@ogs/domain";
import { solveRebalance } from "@ogs/optimizer";
import { needsSearch, randomInstance, seededRandom } from "./solver-instances.js";

export interface SoakFigures {
  solves: number;
  /** How many of the 100 distinct instances run the HiGHS search. */
  searched_in_pool: number;
  failures: number;
  rss_start_mb: number;
  rss_end_mb: number;
  rss_growth_mb: number;
  seconds: number;
}

/** The soak's instances, so the caller can label them: see {@link soak}. */
export const SOAK_POOL_LABEL = "N=100 realistic instances, every 4th an N=10 instance with targets summing to 1";

/**
 * `total` solves cycling over a pool of 100 instances: N = 100 realistic ones, every 4th slot an
 * N = 10 `over-target` instance, so HiGHS runs on a share of them (`searched_in_pool`) — cheap
 * searches, because cash-bound N = 100 searches take up to seconds each and 10,000 solves of them would
 * last hours.
 */
export function soak(total: number): SoakFigures {
  const random = seededRandom(99);
  const pool = Array.from({ length: 100 }, (_, i) =>
    i % 4 === 0 ? randomInstance(10, random, "over-target") : randomInstance(100, random),
  );
  const searched = pool.filter(needsSearch).length;
  const mb = () => Math.round((process.memoryUsage().rss / 2 ** 20) * 10) / 10;
  for (const input of pool) solveRebalance(input);
  globalThis.gc?.();
  const start = mb();
  const started = performance.now();
  let failures = 0;
  for (let i = 0; i < total; i += 1) {
    try {
      solveRebalance(pool[i % pool.length] as RebalanceInput);
    } catch (error) {
      failures += 1;
      console.error(`soak solve ${i} failed: ${String(error)}`);
    }
  }
  globalThis.gc?.();
  const end = mb();
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  return {
    solves: total,
    searched_in_pool: searched,
    failures,
    rss_start_mb: start,
    rss_end_mb: end,
    rss_growth_mb: Math.round((end - start) * 10) / 10,
    seconds,
  };
}
