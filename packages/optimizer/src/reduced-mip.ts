// The search, when the separable optimum overspends the cash (SPEC §5.1, issue 4).
//
// Let sᵢ be the separable optimum (separable.ts). Some optimum has u'ᵢ ≤ sᵢ for every i: lowering
// any u'ᵢ > sᵢ toward sᵢ never raises its convex cost and frees cash, and sᵢ already trades no more
// than sᵢ + 1 does. So write u'ᵢ = sᵢ − kᵢ with integer 0 ≤ kᵢ ≤ sᵢ − Lᵢ. Selling k shares costs
// pᵢ·k − 2aᵢ·min(k, 1), where aᵢ = max(0, sᵢpᵢ − MV·tᵢ) is how far sᵢ overshoots its target value, and
// the cash row becomes Σ pᵢkᵢ ≥ E = Σ sᵢpᵢ − MV. The model is built in integer money units
// (10^-q, q = decimals needed) so HiGHS sees an integral objective and exact integer rows.
import { Dec } from "@ogs/domain";
import type { RebalanceInputPosition } from "@ogs/domain";
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
}

export interface ReducedProblem {
  securities: ReducibleSecurity[];
  /** E = Σ sᵢpᵢ − MV > 0. */
  excess: Dec;
  /** Money unit of the model: values are multiplied by 10^scalePower. */
  scalePower: number;
}

const INFINITY = Number.POSITIVE_INFINITY;
/** Largest magnitude kept exact as a double with room to add (< 2^53). */
const MAX_EXACT_DIGITS = 15;

export function buildReducedProblem(
  positions: readonly RebalanceInputPosition[],
  plans: readonly SecurityPlan[],
  excess: Dec,
): ReducedProblem {
  const securities: ReducibleSecurity[] = [];
  plans.forEach((plan, index) => {
    const position = positions[index] as RebalanceInputPosition;
    const maxReduction = plan.best.minus(plan.lower);
    if (maxReduction.lte(0)) return;
    const overshoot = Dec.max(0, plan.best.times(position.price).minus(plan.targetValue));
    securities.push({
      index,
      price: position.price,
      maxReduction,
      overshoot,
      tradeFreeReduction: plan.best.minus(position.quantity),
    });
  });
  const values = [excess, ...securities.flatMap((s) => [s.price, s.overshoot.times(2)])];
  const places = Math.max(...values.map((v) => v.decimalPlaces()));
  const largest = Dec.max(...values.map((v) => v.abs()));
  const integerDigits = largest.gte(1) ? largest.floor().toFixed().length : 0;
  return { securities, excess, scalePower: Math.min(places, MAX_EXACT_DIGITS - integerDigits) };
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
  securities.forEach((s) => {
    driftCoefficients.push({ col: colCost.length, value: scaled(s.price, scalePower) });
    colCost.push(stage.kind === "drift" ? scaled(s.price, scalePower) : 0);
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
    securities.forEach(() => {
      colCost.push(1);
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

/** The drift added to the separable optimum by selling `reductions`: Σ pᵢkᵢ − 2aᵢ·min(kᵢ, 1), exact. */
export function addedDrift(problem: ReducedProblem, reductions: readonly Dec[]): Dec {
  let total = new Dec(0);
  problem.securities.forEach((s, i) => {
    const k = reductions[i] as Dec;
    total = total.plus(s.price.times(k)).minus(s.overshoot.times(2).times(Dec.min(k, 1)));
  });
  return total;
}
