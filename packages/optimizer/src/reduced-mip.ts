// The search, when the separable optimum overspends the cash (SPEC §5.1).
//
// Let sᵢ be the separable optimum (separable.ts). Some optimum has u'ᵢ ≤ sᵢ for every i: lowering
// any u'ᵢ > sᵢ toward sᵢ never raises its convex cost and frees cash, and sᵢ already trades no more
// than sᵢ + 1 does. So write u'ᵢ = sᵢ − kᵢ with integer 0 ≤ kᵢ ≤ sᵢ − Lᵢ. Selling k shares costs
// pᵢ·k − 2aᵢ·min(k, 1), where aᵢ = max(0, sᵢpᵢ − MV·tᵢ) is how far sᵢ overshoots its target value, and
// the cash row becomes Σ pᵢkᵢ ≥ E = Σ sᵢpᵢ − MV. The model is built in integer money units
// (10^-q, q = decimals needed) so HiGHS sees an integral objective and exact integer rows.
import { Dec } from "@ogs/domain";
import type { ModelData } from "highs";
import type { SecurityPlan } from "./separable.js";

/** A security that can sell down from its separable optimum. */
export interface ReducibleSecurity {
  index: number;
  price: Dec;
  /** sᵢ − Lᵢ > 0. */
  maxReduction: Dec;
  /** aᵢ > 0 when the first share sold moves toward the target. */
  overshoot: Dec;
  /** sᵢ − uᵢ: selling exactly this many shares trades nothing. */
  tradeFreeReduction: Dec;
  /** xᵢ = sᵢ − directionᵢ·stepᵢ·kᵢ: 1 (default) sells down from sᵢ (the cash search), −1 buys back up (turnover-search.ts). */
  direction?: 1 | -1;
  /** Shares per unit kᵢ (a lot size); `price` is then the price of one unit. @defaultValue 1 */
  step?: Dec;
  /** What one unit of |kᵢ − fᵢ| adds to the tie-break (1: shares; see CoverItem.tradeWeight). @defaultValue 1 */
  tradeWeight?: Dec;
  /**
   * Unit counts that are not allowed, from..to (a minimum-trade hole before today's holding,
   * turnover-search.ts). Only the branch-and-bound honours it: HiGHS's reduced model is never used then.
   * @defaultValue no gap
   */
  gap?: { from: number; to: number };
}

export interface ReducedProblem {
  securities: ReducibleSecurity[];
  /** E = Σ sᵢpᵢ − MV > 0. */
  excess: Dec;
  /** Money unit of the model: values are multiplied by 10^scalePower. */
  scalePower: number;
  /**
   * ρ > 0: every unit beyond the first costs ρ·pᵢ (1 − c or 1 + c under a transaction cost c shared by
   * every item, see paths.ts and turnover-search.ts). @defaultValue 1
   */
  ratio?: Dec;
}

/** A reduced problem with the money unit chosen so every amount is a whole number below 2^53 where possible. */
export function reducedProblemOf(securities: ReducibleSecurity[], excess: Dec, ratio?: Dec): ReducedProblem {
  const factor = ratio ?? new Dec(1);
  const values = [excess, ...securities.flatMap((s) => [s.price, s.price.times(factor), s.overshoot.times(2)])];
  const places = Math.max(...values.map((v) => v.decimalPlaces()));
  const largest = Dec.max(...values.map((v) => v.abs()));
  const integerDigits = largest.gte(1) ? largest.floor().toFixed().length : 0;
  const problem: ReducedProblem = {
    securities,
    excess,
    scalePower: Math.min(places, MAX_EXACT_DIGITS - integerDigits),
  };
  if (ratio !== undefined && !ratio.eq(1)) problem.ratio = ratio;
  return problem;
}

const INFINITY = Number.POSITIVE_INFINITY;
/** Largest magnitude kept exact as a double with room to add (< 2^53). */
const MAX_EXACT_DIGITS = 15;

/** A security's price and current quantity (a formulation term, or an input position). */
export interface PricedHolding {
  price: Dec;
  current: Dec;
  /** Shares per unit sold (the lot size of a lattice). @defaultValue 1 */
  step?: Dec;
  /** Tie-break weight of one unit (see ReducibleSecurity.tradeWeight). @defaultValue 1 */
  tradeWeight?: Dec;
}

/** `ratio`: see ReducedProblem.ratio; the units of a holding with a `step` are whole lots. */
export function buildReducedProblem(
  holdings: readonly PricedHolding[],
  plans: readonly SecurityPlan[],
  excess: Dec,
  ratio?: Dec,
): ReducedProblem {
  const securities: ReducibleSecurity[] = [];
  plans.forEach((plan, index) => {
    const holding = holdings[index] as PricedHolding;
    const step = holding.step ?? new Dec(1);
    const maxReduction = plan.best.minus(plan.lower).div(step);
    if (maxReduction.lte(0)) return;
    const overshoot = Dec.max(0, plan.best.times(holding.price).minus(plan.targetValue));
    const security: ReducibleSecurity = {
      index,
      price: holding.price.times(step),
      maxReduction,
      overshoot,
      tradeFreeReduction: plan.best.minus(holding.current).div(step),
    };
    if (!step.eq(1)) security.step = step;
    if (holding.tradeWeight && !holding.tradeWeight.eq(1)) security.tradeWeight = holding.tradeWeight;
    securities.push(security);
  });
  return reducedProblemOf(securities, excess, ratio);
}

function scaled(value: Dec, power: number): number {
  return value.times(new Dec(10).pow(power)).toNumber();
}

/**
 * Column layout: kᵢ for every reducible security, then yᵢ = min(kᵢ, 1) (binary) for those with an
 * overshoot, then — in the tie-break stage only — zᵢ ≥ |sᵢ − kᵢ − uᵢ|, the shares traded.
 */
export function buildModel(
  problem: ReducedProblem,
  stage: { kind: "drift" } | { kind: "trade"; driftLimit: Dec },
): ModelData {
  const { securities, scalePower } = problem;
  const n = securities.length;
  const withOvershoot = securities.map((s, i) => ({ s, i })).filter(({ s }) => s.overshoot.gt(0));
  const yOffset = n;
  const zOffset = n + withOvershoot.length;
  const numCols = zOffset + (stage.kind === "trade" ? n : 0);
  const colCost: number[] = [];
  const colLower: number[] = [];
  const colUpper: number[] = [];
  const integrality: (0 | 1)[] = [];
  const driftCoefficients: { col: number; value: number }[] = [];
  const ratio = problem.ratio ?? new Dec(1);
  securities.forEach((s) => {
    const unitCost = scaled(s.price.times(ratio), scalePower);
    driftCoefficients.push({ col: colCost.length, value: unitCost });
    colCost.push(stage.kind === "drift" ? unitCost : 0);
    colLower.push(0);
    colUpper.push(s.maxReduction.toNumber());
    integrality.push(1);
  });
  withOvershoot.forEach(({ s }) => {
    driftCoefficients.push({ col: colCost.length, value: -scaled(s.overshoot.times(2), scalePower) });
    colCost.push(stage.kind === "drift" ? -scaled(s.overshoot.times(2), scalePower) : 0);
    colLower.push(0);
    colUpper.push(1);
    integrality.push(1);
  });
  if (stage.kind === "trade") {
    securities.forEach((s) => {
      colCost.push((s.tradeWeight ?? new Dec(1)).toNumber());
      colLower.push(0);
      colUpper.push(INFINITY);
      integrality.push(0);
    });
  }
  const rows: { lower: number; upper: number; entries: { col: number; value: number }[] }[] = [];
  rows.push({
    lower: scaled(problem.excess, scalePower),
    upper: INFINITY,
    entries: securities.map((s, i) => ({ col: i, value: scaled(s.price, scalePower) })),
  });
  withOvershoot.forEach(({ i }, j) =>
    rows.push({
      lower: -INFINITY,
      upper: 0,
      entries: [
        { col: i, value: -1 },
        { col: yOffset + j, value: 1 },
      ],
    }),
  );
  if (stage.kind === "trade") {
    rows.push({ lower: -INFINITY, upper: scaled(stage.driftLimit, scalePower), entries: driftCoefficients });
    securities.forEach((s, i) => {
      const free = s.tradeFreeReduction.toNumber();
      rows.push({
        lower: free,
        upper: INFINITY,
        entries: [
          { col: i, value: 1 },
          { col: zOffset + i, value: 1 },
        ],
      });
      rows.push({
        lower: -free,
        upper: INFINITY,
        entries: [
          { col: i, value: -1 },
          { col: zOffset + i, value: 1 },
        ],
      });
    });
  }
  const starts = [0];
  const indices: number[] = [];
  const matrixValues: number[] = [];
  for (const row of rows) {
    for (const entry of row.entries) {
      indices.push(entry.col);
      matrixValues.push(entry.value);
    }
    starts.push(indices.length);
  }
  return {
    numCols,
    numRows: rows.length,
    colCost,
    colLower,
    colUpper,
    rowLower: rows.map((r) => r.lower),
    rowUpper: rows.map((r) => r.upper),
    matrix: { format: "csr", numRows: rows.length, numCols, starts, indices, values: matrixValues },
    integrality,
  };
}

/** The cost added to the separable optimum by `reductions`: Σ ρ·pᵢkᵢ − 2aᵢ·min(kᵢ, 1), exact. */
export function addedDrift(problem: ReducedProblem, reductions: readonly Dec[]): Dec {
  const ratio = problem.ratio ?? new Dec(1);
  let total = new Dec(0);
  problem.securities.forEach((s, i) => {
    const k = reductions[i] as Dec;
    total = total.plus(s.price.times(ratio).times(k)).minus(s.overshoot.times(2).times(Dec.min(k, 1)));
  });
  return total;
}
