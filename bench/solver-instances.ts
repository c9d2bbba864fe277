// Seeded random rebalancing instances for bench/solver.ts.
import { Dec, computeMarketValue } from "@ogs/domain";
import type { RebalanceInput, RebalanceInputPosition } from "@ogs/domain";
import { createRandom } from "../apps/simulators/src/dataset/prng.js";
// Not part of @ogs/optimizer's surface: the bench reuses the solver's own exact test for "the
// separable optimum overspends", so `searched` counts exactly the solves that needed the search (branch-and-bound, HiGHS as fallback).
import { planSecurities } from "../packages/optimizer/src/separable.js";

/** The simulators' seeded PRNG (mulberry32), so every run solves the same instances. */
export const seededRandom = createRandom;

/**
 * `realistic`: targets sum to 0.90–0.95, so rounding to nearest almost never overspends (no search).
 * `cash-bound`: still valid under SPEC §4.2 (targets sum to exactly 0.95), but prices
 * make each target a few shares plus a fraction ≥ 0.5, so every security rounds up and the overshoots
 * add up to more than the 5 % left in cash: the cash row binds and the HiGHS search runs.
 * `over-target`: targets sum to 1 (not allowed by §4.2), the cash row binds hard (soak only).
 */
export type InstanceKind = "realistic" | "cash-bound" | "over-target";

const logUniform = (random: () => number, low: number, high: number) =>
  Math.exp(Math.log(low) + random() * (Math.log(high) - Math.log(low)));
const uniform = (random: () => number, low: number, high: number) => low + random() * (high - low);

/** Model targets summing exactly to `targetSum` on a 1/step grid (largest-remainder rounding). */
function modelTargets(size: number, targetSum: number, random: () => number): number[] {
  const weights = Array.from({ length: size }, () => 0.2 + random());
  const weightSum = weights.reduce((a, b) => a + b, 0);
  // Multiples of 0.005 up to 100 positions (SPEC §4.2); finer above, to stress the solver.
  const step = size <= 100 ? 200 : 10_000;
  const units = Math.round(targetSum * step);
  const exact = weights.map((w) => (w / weightSum) * units);
  const whole = exact.map((x) => Math.floor(x));
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (let r = units - whole.reduce((a, b) => a + b, 0), j = 0; r > 0; r -= 1, j += 1) {
    const index = order[j % order.length]?.[1] ?? 0;
    whole[index] = (whole[index] ?? 0) + 1;
  }
  return whole.map((u) => u / step);
}

/** 1–1000 log-uniform with 2 % extremes (0.05–1 or 1,000–20,000), in cents. */
function marketPrice(random: () => number): string {
  const roll = random();
  const value =
    roll < 0.01
      ? logUniform(random, 0.05, 1)
      : roll < 0.02
        ? logUniform(random, 1000, 20_000)
        : logUniform(random, 1, 1000);
  return value.toFixed(2) === "0.00" ? "0.05" : value.toFixed(2);
}

/**
 * A price for a cash-bound instance: MV·t/p = k + f with f ∈ [0.55, 0.8), so the nearest whole share
 * rounds up and overshoots by (1 − f)·p ≈ 5–9 % of the position; k is large enough that the band
 * (the smaller drift × MV / p ≥ 1 share) still contains the rounded-up quantity.
 */
function roundUpPrice(targetValue: number, target: number, narrowest: number, random: () => number): string {
  const fraction = uniform(random, 0.55, 0.8);
  const wanted = (1 - fraction) / uniform(random, 0.05, 0.09) - fraction;
  const shares = Math.max(Math.round(wanted), Math.ceil(target / narrowest), 1);
  return Math.max(0.05, targetValue / (shares + fraction)).toFixed(2);
}

/**
 * N securities: ~5 % off-model holdings (target 0, to be sold), the rest a model held near target
 * (±3 %), MV 10⁶–10⁸, bands 0.01–0.05 (0.02–0.05 when cash-bound), cash 0–10 % of MV (when
 * cash-bound: whatever makes MV exact, ≈ 5 %). See {@link InstanceKind} for how the kinds differ.
 */
export function randomInstance(n: number, random: () => number, kind: InstanceKind = "realistic"): RebalanceInput {
  const offModel = Math.max(n >= 20 ? 1 : 0, Math.round(n * 0.05));
  const modelSize = n - offModel;
  const targetSum = kind === "over-target" ? 1 : kind === "cash-bound" ? 0.95 : uniform(random, 0.9, 0.95);
  const targets = modelTargets(modelSize, targetSum, random);
  const marketValue = logUniform(random, 1e6, 1e8);
  const lowestBand = kind === "cash-bound" ? 2 : 1;
  const band = () => ((lowestBand + Math.floor(random() * (6 - lowestBand))) / 100).toFixed(2);
  const positions: RebalanceInputPosition[] = [];
  let invested = 0;
  for (let i = 0; i < n; i += 1) {
    const inModel = i < modelSize;
    const target = inModel ? (targets[i] as number) : 0;
    const [low, high] = inModel ? [band(), band()] : ["0", "0"];
    const p =
      kind === "cash-bound" && inModel
        ? roundUpPrice(marketValue * target, target, Math.min(Number(low), Number(high)), random)
        : marketPrice(random);
    const wanted = inModel
      ? (marketValue * target * (1 + (random() - 0.5) * 0.06)) / Number(p)
      : (marketValue * 0.002 * random()) / Number(p);
    // Cash-bound holdings round down, so the portfolio is not already over-invested (cash stays ≥ 0).
    const quantity = Math.max(0, kind === "cash-bound" ? Math.floor(wanted) : Math.round(wanted));
    invested += quantity * Number(p);
    positions.push({
      securityId: `S${String(i).padStart(23, "0")}`,
      quantity: new Dec(quantity),
      price: new Dec(p),
      target: new Dec(target.toFixed(5)),
      lowDrift: new Dec(low),
      highDrift: new Dec(high),
    });
  }
  // Cash-bound prices are fitted to MV, so the cash makes the market value exactly that MV (≈ the 5 %
  // the model leaves in cash); otherwise cash is 0–10 % of MV.
  const cashShare = random() * 0.1;
  const cash = kind === "cash-bound" ? marketValue - invested : (invested / (1 - cashShare)) * cashShare;
  return { cash: new Dec(cash.toFixed(2)), positions };
}

/** True when solveRebalance must run the HiGHS search: the bands are feasible but the separable optimum costs more than MV. */
export function needsSearch(input: RebalanceInput): boolean {
  const marketValue = computeMarketValue(input);
  if (marketValue.lte(0)) return false;
  const plan = planSecurities(input, marketValue);
  if (!plan.feasible) return false;
  const spend = input.positions.reduce((sum, p, i) => sum.plus(p.price.times(plan.plans[i]?.best ?? 0)), new Dec(0));
  const leastSpend = input.positions.reduce(
    (sum, p, i) => sum.plus(p.price.times(plan.plans[i]?.lower ?? 0)),
    new Dec(0),
  );
  return spend.gt(marketValue) && leastSpend.lte(marketValue);
}
