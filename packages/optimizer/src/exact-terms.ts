// The formulation (formulation.ts) in exact integers, for the Lagrangian core search (core-search.ts): every
// amount scaled by one power of ten so sums and comparisons are bigint arithmetic, nothing rounded.
//
// With S = 10^q (q the most decimals among prices, targets, pᵢ·uᵢ and the two budgets) and K = 10^k (k the
// most decimals among the cost rates), for a whole x:
//   cash      A(x)  = P·x                      (S-units; P = p·S)
//   turnover  Bt(x) = |P·x − UP|               (S-units; UP = p·u·S)
//   objective F(x)  = K·|TV − P·x| + C·|P·x − UP|   (W = S·K units; TV = MV·t·S, C = c·K)
// and the budgets are rounded down to whole S-units, which is exact because A and Bt are whole there.
import { Dec } from "@ogs/domain";
import type { Formulation } from "./formulation.js";

export interface ExactPiece {
  from: bigint;
  to: bigint;
  step: bigint;
}

export interface ExactSecurity {
  /** Position in the formulation. */
  index: number;
  price: bigint;
  targetValue: bigint;
  heldValue: bigint;
  costRate: bigint;
  /** |x − u| in units of 1/shareUnit (the `shares` tie-break). */
  heldShares: bigint;
  pieces: ExactPiece[];
}

export interface ExactProblem {
  securities: ExactSecurity[];
  /** K: objective amounts are in S·K units. */
  costScale: bigint;
  /** Σ P·x ≤ cashBudget, in S-units. */
  cashBudget: bigint;
  /** Σ |P·x − UP| ≤ turnoverCap, in S-units; null without a cap. */
  turnoverCap: bigint | null;
  /** What the fixed (`no_trade`) securities contribute: objective (W-units) and cash (S-units). */
  fixedObjective: bigint;
  fixedCash: bigint;
  tieBreak: "shares" | "value";
  /** 10^(most decimals of u): shares are counted in these units for the `shares` tie-break. */
  shareUnit: bigint;
  /** S as a decimal, to turn amounts back into money. */
  scale: Dec;
}

const big = (value: Dec) => BigInt(value.toFixed(0));
const abs = (value: bigint) => (value < 0n ? -value : value);

export function cashOf(s: ExactSecurity, x: bigint): bigint {
  return s.price * x;
}

export function turnoverOf(s: ExactSecurity, x: bigint): bigint {
  return abs(s.price * x - s.heldValue);
}

export function objectiveOf(problem: ExactProblem, s: ExactSecurity, x: bigint): bigint {
  const drift = problem.costScale * abs(s.targetValue - s.price * x);
  return s.costRate === 0n ? drift : drift + s.costRate * abs(s.price * x - s.heldValue);
}

/** What x adds to the tie-break: traded value (S-units) or shares traded (1/shareUnit). */
export function secondaryOf(problem: ExactProblem, s: ExactSecurity, x: bigint): bigint {
  return problem.tieBreak === "value" ? turnoverOf(s, x) : abs(x * problem.shareUnit - s.heldShares);
}

/** The exact integer form of a formulation whose free securities all have an allowed quantity. */
export function exactProblemOf(formulation: Formulation): ExactProblem {
  const terms = formulation.securities;
  const places = (value: Dec) => value.decimalPlaces();
  const q = Math.max(
    places(formulation.cashBudget),
    formulation.turnoverCap === null ? 0 : places(formulation.turnoverCap),
    ...terms.flatMap((t) => [places(t.price), places(t.targetValue), places(t.price.times(t.current))]),
  );
  const k = Math.max(0, ...terms.map((t) => places(t.costRate)));
  const u = Math.max(0, ...terms.map((t) => places(t.current)));
  const scale = new Dec(10).pow(q);
  const costScale = new Dec(10).pow(k);
  const shareUnit = new Dec(10).pow(u);
  const securities: ExactSecurity[] = [];
  let fixedObjective = new Dec(0);
  let fixedCash = new Dec(0);
  terms.forEach((term, index) => {
    if (term.fixed) {
      const value = term.current.times(term.price);
      fixedObjective = fixedObjective.plus(term.targetValue.minus(value).abs().times(scale).times(costScale));
      fixedCash = fixedCash.plus(value.times(scale));
      return;
    }
    securities.push({
      index,
      price: big(term.price.times(scale)),
      targetValue: big(term.targetValue.times(scale)),
      heldValue: big(term.price.times(term.current).times(scale)),
      costRate: big(term.costRate.times(costScale)),
      heldShares: big(term.current.times(shareUnit)),
      pieces: term.pieces.map((p) => ({ from: big(p.from), to: big(p.to), step: big(p.step) })),
    });
  });
  return {
    securities,
    costScale: big(costScale),
    cashBudget: big(formulation.cashBudget.times(scale).floor()),
    turnoverCap: formulation.turnoverCap === null ? null : big(formulation.turnoverCap.times(scale).floor()),
    fixedObjective: big(fixedObjective),
    fixedCash: big(fixedCash),
    tieBreak: formulation.tieBreak,
    shareUnit: big(shareUnit),
    scale,
  };
}
