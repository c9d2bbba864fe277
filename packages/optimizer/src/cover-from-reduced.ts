// The reduced problem of reduced-mip.ts in exact integer money units, for the branch-and-bound.
import { Dec } from "@ogs/domain";
import type { CoverProblem } from "./cover-knapsack.js";
import type { ReducedProblem } from "./reduced-mip.js";

/**
 * Scales every amount by 10^q (q = the most decimals among E, pᵢ and 2aᵢ) into bigint, so nothing is
 * rounded. Undefined when an item falls outside what the branch-and-bound assumes — a discount above
 * the price (selling would gain drift) or share counts beyond safe integers — so HiGHS takes over.
 */
export function coverProblemOf(problem: ReducedProblem): CoverProblem | undefined {
  const discounts = problem.securities.map((s) => s.overshoot.times(2));
  const values = [problem.excess, ...problem.securities.map((s) => s.price), ...discounts];
  const unit = new Dec(10).pow(Math.max(...values.map((v) => v.decimalPlaces())));
  const toUnits = (value: Dec) => BigInt(value.times(unit).toFixed(0));
  const items = [];
  for (const [i, s] of problem.securities.entries()) {
    const maxUnits = s.maxReduction.toNumber();
    const tradeFree = s.tradeFreeReduction.toNumber();
    const discount = discounts[i] as Dec;
    if (!Number.isSafeInteger(maxUnits) || !Number.isSafeInteger(tradeFree) || discount.gt(s.price)) return undefined;
    items.push({ price: toUnits(s.price), discount: toUnits(discount), maxUnits, tradeFree });
  }
  // Trading is summed in doubles: every partial sum must stay a safe integer.
  const tradeCeiling = items.reduce((sum, item) => sum + Math.abs(item.tradeFree) + item.maxUnits, 0);
  if (!Number.isSafeInteger(tradeCeiling)) return undefined;
  return { items, demand: toUnits(problem.excess) };
}
