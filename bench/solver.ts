// `npm run bench:solver`: optimizer latency vs a plain HiGHS baseline, optimality check, naive drift,
// and a 10,000-solve soak (issue 4, acceptance 2–3). Flags: --instances=K (per N), --no-soak, --soak-only.
import { mkdirSync, writeFileSync } from "node:fs";
import { Dec, computeMarketValue, computePortfolioDrift } from "@ogs/domain";
import type { RebalanceInput } from "@ogs/domain";
import { solveRebalance } from "@ogs/optimizer";
import { solveBaseline, solveNaive } from "./solver-baseline.js";
import { randomInstance, seededRandom } from "./solver-instances.js";

const flag = (name: string) => process.argv.includes(`--${name}`);
const instancesArg = process.argv.find((a) => a.startsWith("--instances="));
const perN = instancesArg ? Number(instancesArg.split("=")[1]) : 200;
const SIZES = [10, 50, 100, 200, 500];

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);
const ms = (value: number) => Math.round(value * 1000) / 1000;

function timed<T>(work: () => T): [T, number] {
  const start = performance.now();
  const value = work();
  return [value, performance.now() - start];
}

/** Spends more than MV when rounded to nearest: the cash row binds and the HiGHS search runs. */
function cashBound(input: RebalanceInput, marketValue: Dec): boolean {
  return input.positions.reduce((sum, p) => sum.plus(marketValue.times(p.target).div(p.price).round().times(p.price)), new Dec(0)).gt(marketValue);
}

interface Row {
  instances: number;
  cash_bound: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  baseline_p50_ms: number;
  baseline_p99_ms: number;
  all_optimal: boolean;
  baseline_worse: number;
  naive_mean_drift: number;
  optimal_mean_drift: number;
}

function benchSize(label: string, n: number, seed: number, tight: boolean): Row {
  const random = seededRandom(seed);
  const ours: number[] = [];
  const baseline: number[] = [];
  const naiveDrift: number[] = [];
  const optimalDrift: number[] = [];
  let allOptimal = true;
  let baselineWorse = 0;
  let bound = 0;
  for (let k = 0; k < perN; k += 1) {
    const input = randomInstance(n, random, tight);
    const marketValue = computeMarketValue(input);
    if (cashBound(input, marketValue)) bound += 1;
    const [result, elapsed] = timed(() => solveRebalance(input));
    ours.push(elapsed);
    const [plain, baselineElapsed] = timed(() => solveBaseline(input, marketValue));
    baseline.push(baselineElapsed);
    if (result.status !== "optimal") {
      allOptimal = allOptimal && plain === undefined;
      if (plain !== undefined) console.error(`${label} #${k}: ours ${result.outcome}, baseline found a solution`);
      continue;
    }
    const relative = (drift: Dec) => drift.div(marketValue).toNumber();
    optimalDrift.push(relative(result.drift));
    const naive = solveNaive(input, marketValue);
    if (naive) naiveDrift.push(relative(computePortfolioDrift(input, marketValue, naive)));
    if (!plain) {
      allOptimal = false;
      console.error(`${label} #${k}: baseline found no optimum`);
      continue;
    }
    const plainDrift = computePortfolioDrift(input, marketValue, plain);
    const plainSpent = input.positions.reduce((sum, p, i) => sum.plus(p.price.times(plain[i] as Dec)), new Dec(0));
    if (plainSpent.lte(marketValue) && plainDrift.lt(result.drift)) {
      allOptimal = false;
      console.error(`${label} #${k}: baseline drift ${plainDrift.toFixed()} < ours ${result.drift.toFixed()}`);
    } else if (!plainDrift.eq(result.drift)) baselineWorse += 1;
  }
  const sorted = [...ours].sort((a, b) => a - b);
  const sortedBaseline = [...baseline].sort((a, b) => a - b);
  return {
    instances: perN,
    cash_bound: bound,
    p50_ms: ms(percentile(sorted, 0.5)),
    p99_ms: ms(percentile(sorted, 0.99)),
    max_ms: ms(sorted[sorted.length - 1] ?? NaN),
    baseline_p50_ms: ms(percentile(sortedBaseline, 0.5)),
    baseline_p99_ms: ms(percentile(sortedBaseline, 0.99)),
    all_optimal: allOptimal,
    baseline_worse: baselineWorse,
    naive_mean_drift: Number(mean(naiveDrift).toPrecision(6)),
    optimal_mean_drift: Number(mean(optimalDrift).toPrecision(6)),
  };
}

function soak(total: number): { solves: number; failures: number; rss_start_mb: number; rss_end_mb: number; rss_growth_mb: number; seconds: number } {
  const random = seededRandom(99);
  // N = 100 realistic instances, every 4th slot an N = 10 instance with targets summing to 1
  // (14 of the 100 are cash-bound: ~1,400 searches; cash-bound N = 100 searches can take seconds each).
  const pool = Array.from({ length: 100 }, (_, i) => (i % 4 === 0 ? randomInstance(10, random, true) : randomInstance(100, random)));
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
  return { solves: total, failures, rss_start_mb: start, rss_end_mb: end, rss_growth_mb: Math.round((end - start) * 10) / 10, seconds: Math.round((performance.now() - started) / 100) / 10 };
}

const results: Record<string, Row> = {};
const output: Record<string, unknown> = { measured_at: new Date().toISOString(), instances_per_n: perN, sizes: results };
if (!flag("soak-only")) {
  for (const n of [10, 10]) solveRebalance(randomInstance(n, seededRandom(1), true));
  const runs: [string, number, number, boolean][] = [...SIZES.map((n): [string, number, number, boolean] => [String(n), n, 1000 + n, false]), ["100-cash-bound", 100, 7100, true]];
  console.log("N               inst  bound  p50 ms  p99 ms  max ms  base p50  base p99  speed-up  optimal  naive drift  optimal drift");
  for (const [label, n, seed, tight] of runs) {
    const row = benchSize(label, n, seed, tight);
    results[label] = row;
    const speedUp = (row.baseline_p50_ms / row.p50_ms).toFixed(1);
    console.log(
      `${label.padEnd(15)} ${String(row.instances).padStart(4)}  ${String(row.cash_bound).padStart(5)}  ${row.p50_ms.toFixed(3).padStart(6)}  ${row.p99_ms.toFixed(3).padStart(6)}  ${row.max_ms.toFixed(3).padStart(6)}  ${row.baseline_p50_ms.toFixed(2).padStart(8)}  ${row.baseline_p99_ms.toFixed(2).padStart(8)}  ${speedUp.padStart(7)}x  ${String(row.all_optimal).padStart(7)}  ${row.naive_mean_drift.toExponential(3).padStart(11)}  ${row.optimal_mean_drift.toExponential(3).padStart(13)}`,
    );
  }
}
if (!flag("no-soak")) {
  const figures = soak(10_000);
  output.soak = figures;
  console.log(`soak: ${figures.solves} solves (N=100, every 4th an N=10 instance with targets summing to 1) in ${figures.seconds} s, ${figures.failures} failures, RSS ${figures.rss_start_mb} → ${figures.rss_end_mb} MB (growth ${figures.rss_growth_mb} MB)`);
}
mkdirSync("bench-results", { recursive: true });
writeFileSync("bench-results/solver.json", `${JSON.stringify(output, null, 2)}\n`);
console.log("wrote bench-results/solver.json");
