// `npm run bench:solver`: optimizer latency at N = 10…500 (every 10th instance cash-bound, so the
// HiGHS search is measured), a plain HiGHS baseline on a fixed subset with an optimality cross-check,
// the naive heuristic's drift, and on request the 10,000-solve soak.
// Then the options mix (bench/solver-options.ts): each trading option alone and all together at N = 10,
// 100, 500 beside the general HiGHS model (README "Trading constraints").
// Flags: --quick (40 instances per N, small baseline subset, 1,000-solve soak, a smaller options mix),
// --instances=K, --soak (add the soak), --soak-only, --options-only (only the options mix; keeps the
// plain sizes already in the JSON), --options-limit=S (our time limit per solve in the mix, default 10),
// --baseline-limit=S (seconds per baseline solve, default 20),
// --baseline-budget=S (seconds of baseline per N, default 45).
// --fill-only: only the demo's fill-search portfolios (bench/solver-fill.ts; --fill-general adds the general
// model beside them), written to bench-results/solver-fill.json.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { Dec, computeMarketValue, computePortfolioDrift } from "@ogs/domain";
import type { RebalanceInput } from "@ogs/domain";
import { solveRebalance } from "@ogs/optimizer";
import { solveBaseline, solveNaive } from "./solver-baseline.js";
import { needsSearch, randomInstance, seededRandom } from "./solver-instances.js";
import { benchFill } from "./solver-fill.js";
import { benchOptions, type OptionsBenchSettings } from "./solver-options.js";
import { SOAK_POOL_LABEL, soak } from "./solver-soak.js";

const flag = (name: string) => process.argv.includes(`--${name}`);
const option = (name: string, fallback: number) => {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg ? Number(arg.slice(name.length + 3)) : fallback;
};
const quick = flag("quick");
if (flag("fill-only")) {
  const figures = benchFill({ repeats: option("fill-repeats", quick ? 3 : 10), general: flag("fill-general") });
  console.log(JSON.stringify(figures, null, 2));
  mkdirSync("bench-results", { recursive: true });
  writeFileSync(
    "bench-results/solver-fill.json",
    `${JSON.stringify({ measured_at: new Date().toISOString(), ...figures }, null, 2)}\n`,
  );
  process.exit(figures.failed ? 1 : 0);
}
const perN = option("instances", quick ? 40 : 200);
const baselineLimitS = option("baseline-limit", quick ? 10 : 20);
const baselineBudgetS = option("baseline-budget", quick ? 15 : 45);
/** Baseline subset: the first K instances of each size (the baseline takes seconds per solve from N = 100 up). */
const BASELINE_FIRST: Record<number, number> = quick
  ? { 10: 20, 50: 10, 100: 5, 200: 3, 500: 2 }
  : { 10: 200, 50: 100, 100: 30, 200: 12, 500: 6 };
const SIZES = [10, 50, 100, 200, 500];
/** Every 10th instance (k = 9, 19, …) is cash-bound, the rest realistic. */
const cashBoundSlot = (k: number) => k % 10 === 9;

const percentile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
const sortedMs = (values: number[]) => [...values].sort((a, b) => a - b);
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);
const ms = (value: number) => Math.round(value * 1000) / 1000;

function timed<T>(work: () => T): [T, number] {
  const start = performance.now();
  const value = work();
  return [value, performance.now() - start];
}

interface Row {
  instances: number;
  cash_bound: number;
  /** Instances where the separable optimum overspent, so HiGHS searched. */
  searched: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  searched_p50_ms: number;
  searched_max_ms: number;
  baseline_instances: number;
  baseline_timeouts: number;
  baseline_p50_ms: number;
  /** Our p50 over the same baseline subset, for a like-for-like speed-up. */
  subset_p50_ms: number;
  /** Every one of our instances proven optimal (separable proof or HiGHS optimal status). */
  all_optimal: boolean;
  /** Baseline proved optimality and its exact drift equals ours. */
  baseline_agreed: number;
  /** Baseline proved optimality but float-rounded bounds/tolerances left it a worse (or slightly infeasible) answer. */
  baseline_worse: number;
  /** Baseline found a feasible solution with less drift than ours: our answer was not optimal. Must be 0. */
  baseline_better: number;
  naive_mean_drift: number;
  optimal_mean_drift: number;
}

/** Exact feasibility of the baseline's quantities: within the exact bands, u' ≥ 0, cash ≥ 0. */
function feasible(input: RebalanceInput, marketValue: Dec, quantities: Dec[]): boolean {
  const spent = input.positions.reduce((sum, p, i) => sum.plus(p.price.times(quantities[i] as Dec)), new Dec(0));
  return (
    spent.lte(marketValue) &&
    input.positions.every((p, i) => {
      const held = (quantities[i] as Dec).times(p.price);
      return (
        held.gte(Dec.max(0, marketValue.times(p.target.minus(p.lowDrift)))) &&
        held.lte(marketValue.times(p.target.plus(p.highDrift)))
      );
    })
  );
}

function benchSize(n: number): Row {
  const random = seededRandom(1000 + n);
  const ours: number[] = [];
  const searchedMs: number[] = [];
  const subset: number[] = [];
  const baseline: number[] = [];
  const naiveDrift: number[] = [];
  const optimalDrift: number[] = [];
  const counts = { cashBound: 0, searched: 0, timeouts: 0, agreed: 0, worse: 0, better: 0 };
  let allOptimal = true;
  let baselineSpentMs = 0;
  for (let k = 0; k < perN; k += 1) {
    const input = randomInstance(n, random, cashBoundSlot(k) ? "cash-bound" : "realistic");
    const marketValue = computeMarketValue(input);
    if (cashBoundSlot(k)) counts.cashBound += 1;
    const searched = needsSearch(input);
    const [result, elapsed] = timed(() => solveRebalance(input));
    ours.push(elapsed);
    if (searched) {
      counts.searched += 1;
      searchedMs.push(elapsed);
    }
    if (result.outcome !== "optimal") {
      allOptimal = false;
      console.error(`N=${n} #${k}: our outcome is ${result.outcome}`);
      continue;
    }
    const relative = (drift: Dec) => drift.div(marketValue).toNumber();
    optimalDrift.push(relative(result.drift));
    const naive = solveNaive(input, marketValue);
    if (naive) naiveDrift.push(relative(computePortfolioDrift(input, marketValue, naive)));
    if (k >= (BASELINE_FIRST[n] ?? 0) || baselineSpentMs >= baselineBudgetS * 1000) continue;
    const [plain, baselineElapsed] = timed(() => solveBaseline(input, marketValue, baselineLimitS));
    baselineSpentMs += baselineElapsed;
    baseline.push(baselineElapsed);
    subset.push(elapsed);
    if (plain.status !== "optimal") {
      if (plain.status === "timeout") counts.timeouts += 1;
      continue;
    }
    const plainDrift = computePortfolioDrift(input, marketValue, plain.quantities);
    if (plainDrift.eq(result.drift)) counts.agreed += 1;
    else if (plainDrift.lt(result.drift) && feasible(input, marketValue, plain.quantities)) {
      counts.better += 1;
      console.error(`N=${n} #${k}: baseline drift ${plainDrift.toFixed()} < ours ${result.drift.toFixed()}`);
    } else counts.worse += 1;
  }
  const sorted = sortedMs(ours);
  return {
    instances: perN,
    cash_bound: counts.cashBound,
    searched: counts.searched,
    p50_ms: ms(percentile(sorted, 0.5)),
    p99_ms: ms(percentile(sorted, 0.99)),
    max_ms: ms(sorted[sorted.length - 1] ?? NaN),
    searched_p50_ms: ms(percentile(sortedMs(searchedMs), 0.5)),
    searched_max_ms: ms(searchedMs.length > 0 ? Math.max(...searchedMs) : NaN),
    baseline_instances: baseline.length,
    baseline_timeouts: counts.timeouts,
    baseline_p50_ms: ms(percentile(sortedMs(baseline), 0.5)),
    subset_p50_ms: ms(percentile(sortedMs(subset), 0.5)),
    all_optimal: allOptimal,
    baseline_agreed: counts.agreed,
    baseline_worse: counts.worse,
    baseline_better: counts.better,
    naive_mean_drift: Number(mean(naiveDrift).toPrecision(6)),
    optimal_mean_drift: Number(mean(optimalDrift).toPrecision(6)),
  };
}

const HEADER =
  "    N  inst  srch  p50 ms  p99 ms   max ms  srch p50  srch max  base n  b t/o  base p50  speed-up  optimal  agree  b worse  b better  naive drift  optimal drift";

function printRow(n: number, row: Row): void {
  const cells = [
    String(n).padStart(5),
    String(row.instances).padStart(5),
    String(row.searched).padStart(5),
    row.p50_ms.toFixed(2).padStart(7),
    row.p99_ms.toFixed(2).padStart(7),
    row.max_ms.toFixed(1).padStart(8),
    row.searched_p50_ms.toFixed(1).padStart(9),
    row.searched_max_ms.toFixed(1).padStart(9),
    String(row.baseline_instances).padStart(7),
    String(row.baseline_timeouts).padStart(6),
    row.baseline_p50_ms.toFixed(1).padStart(9),
    `${(row.baseline_p50_ms / row.subset_p50_ms).toFixed(1)}x`.padStart(9),
    String(row.all_optimal).padStart(8),
    String(row.baseline_agreed).padStart(6),
    String(row.baseline_worse).padStart(8),
    String(row.baseline_better).padStart(9),
    row.naive_mean_drift.toExponential(3).padStart(12),
    row.optimal_mean_drift.toExponential(3).padStart(14),
  ];
  console.log(cells.join(" "));
}

const RESULTS_FILE = "bench-results/solver.json";
const results: Record<string, Row> = {};
// --soak-only and --options-only keep the sizes of the last full run and replace only their own section.
const partial = flag("soak-only") || flag("options-only");
const previous: Record<string, unknown> =
  partial && existsSync(RESULTS_FILE)
    ? (JSON.parse(readFileSync(RESULTS_FILE, "utf8")) as Record<string, unknown>)
    : {};
const output: Record<string, unknown> = partial
  ? previous
  : {
      measured_at: new Date().toISOString(),
      instances_per_n: perN,
      cash_bound_share: 0.1,
      baseline: { first_instances: BASELINE_FIRST, time_limit_s: baselineLimitS, budget_per_n_s: baselineBudgetS },
      sizes: results,
    };
let failed = false;
solveRebalance(randomInstance(10, seededRandom(1), "over-target")); // warm up HiGHS and the JIT
if (!partial) {
  console.log(HEADER);
  for (const n of SIZES) {
    const row = benchSize(n);
    results[String(n)] = row;
    failed ||= !row.all_optimal || row.baseline_better > 0;
    printRow(n, row);
  }
}
if (!flag("soak-only")) {
  const settings: OptionsBenchSettings = quick
    ? {
        perN: { 10: 20, 100: 20, 500: 6 },
        generalFirst: { 10: 10, 100: 4, 500: 2 },
        generalLimitS: 5,
        generalBudgetS: 8,
        oursLimitS: option("options-limit", 10),
      }
    : {
        perN: { 10: 60, 100: 60, 500: 20 },
        generalFirst: { 10: 30, 100: 10, 500: 3 },
        generalLimitS: 10,
        generalBudgetS: 20,
        oursLimitS: option("options-limit", 10),
      };
  console.log(
    "\noptions mix (fast = proven by a fast path or the core search, core = by the core search, gen = by the general model inside ours, inf = proven infeasible, unpr = not proven within --options-limit, chg = answer differs from no options)",
  );
  const mix = await benchOptions(settings);
  output.options = { settings, targets: mix.targets, sizes: mix.rows };
  failed ||= mix.failed;
}
if (flag("soak") || flag("soak-only")) {
  const figures = soak(quick ? 1_000 : 10_000);
  output.soak = figures;
  failed ||= figures.failures > 0;
  console.log(
    `soak: ${figures.solves} solves (${SOAK_POOL_LABEL}; ${figures.searched_in_pool} of the 100 search) in ${figures.seconds} s, ${figures.failures} failures, RSS ${figures.rss_start_mb} → ${figures.rss_end_mb} MB (growth ${figures.rss_growth_mb} MB)`,
  );
}
mkdirSync("bench-results", { recursive: true });
writeFileSync(RESULTS_FILE, `${JSON.stringify(output, null, 2)}\n`);
console.log(`wrote ${RESULTS_FILE}`);
if (failed) process.exitCode = 1;
