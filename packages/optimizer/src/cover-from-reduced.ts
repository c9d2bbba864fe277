// The reduced problem of reduced-mip.ts in exact integer money units, for the branch-and-bound.
import { Dec } from "@ogs/domain";
import type { CoverItem, CoverProblem } from "./cover-knapsack.js";
import type { ReducedProblem } from "./reduced-mip.js";

/**
 * Scales every amount by 10^q (q = the most decimals among E, pᵢ and 2aᵢ) into bigint, so nothing is
 * rounded. Undefined when an item falls outside what the branch-and-bound assumes — a discount above
 * the price (selling would gain drift) or share counts beyond safe integers — so HiGHS takes over.
 */
export function coverProblemOf(problem: ReducedProblem): CoverProblem | undefined {
  // With a unit cost ratio ρ = N/D ≠ 1, cost ρ·p·k − d·[k ≥ 1] orders like p·k − (d/ρ)·[k ≥ 1]: weights
  // and demand are multiplied by N and discounts by D, so every amount stays a whole number.
  const denominator = new Dec(10).pow((problem.ratio ?? new Dec(1)).decimalPlaces());
  const numerator = (problem.ratio ?? new Dec(1)).times(denominator);
  const discounts = problem.securities.map((s) => s.overshoot.times(2).times(denominator));
  const prices = problem.securities.map((s) => s.price.times(numerator));
  const excess = problem.excess.times(numerator);
  const values = [excess, ...prices, ...discounts];
  const unit = new Dec(10).pow(Math.max(...values.map((v) => v.decimalPlaces())));
  const toUnits = (value: Dec) => BigInt(value.times(unit).toFixed(0));
  const items: CoverItem[] = [];
  for (const [i, s] of problem.securities.entries()) {
    const maxUnits = s.maxReduction.toNumber();
    const tradeFree = s.tradeFreeReduction.toNumber();
    const discount = discounts[i] as Dec;
    const price = prices[i] as Dec;
    if (!Number.isSafeInteger(maxUnits) || !Number.isSafeInteger(tradeFree) || discount.gt(price)) return undefined;
    const tradeWeight = (s.tradeWeight ?? new Dec(1)).toNumber();
    if (!Number.isSafeInteger(tradeWeight)) return undefined;
    const item: CoverItem = { price: toUnits(price), discount: toUnits(discount), maxUnits, tradeFree };
    if (tradeWeight !== 1) item.tradeWeight = tradeWeight;
    if (s.gap) {
      item.gapFrom = s.gap.from;
      item.gapTo = s.gap.to;
    }
    items.push(item);
  }
  // Trading is summed in doubles: every partial sum must stay a safe integer.
  const tradeCeiling = items.reduce(
    (sum, item) => sum + (item.tradeWeight ?? 1) * (Math.abs(item.tradeFree) + item.maxUnits),
    0,
  );
  if (!Number.isSafeInteger(tradeCeiling)) return undefined;
  return { items, demand: toUnits(excess) };
}
