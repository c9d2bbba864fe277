// The objective of the formulation in exact decimals: drift, transaction cost, turnover and shares traded.
import { Dec } from "@ogs/domain";
import type { Formulation, SecurityTerm } from "./formulation.js";

/** The terms of one answer; `objective` = drift + cost is minimised, `secondary` breaks its ties. */
export interface ObjectiveTerms {
  /** Σ |MV·tᵢ − xᵢ·pᵢ|. */
  drift: Dec;
  /** Σ cᵢ·|dᵢ|·pᵢ. */
  cost: Dec;
  /** Σ |dᵢ|·pᵢ, the traded value. */
  turnover: Dec;
  /** Σ |dᵢ|, the shares traded. */
  shares: Dec;
  objective: Dec;
  /** The tie-break of the formulation: `shares` or `turnover`. */
  secondary: Dec;
}

/** Primary cost of one security at x: |MV·t − x·p| + c·|x − u|·p. */
export function termCost(term: SecurityTerm, x: Dec): Dec {
  const drift = term.targetValue.minus(x.times(term.price)).abs();
  return term.costRate.isZero()
    ? drift
    : drift.plus(term.costRate.times(x.minus(term.current).abs()).times(term.price));
}

export function objectiveTerms(formulation: Formulation, quantities: readonly Dec[]): ObjectiveTerms {
  let drift = new Dec(0);
  let cost = new Dec(0);
  let turnover = new Dec(0);
  let shares = new Dec(0);
  formulation.securities.forEach((term, i) => {
    const x = quantities[i] as Dec;
    const traded = x.minus(term.current).abs();
    const value = traded.times(term.price);
    drift = drift.plus(term.targetValue.minus(x.times(term.price)).abs());
    cost = cost.plus(term.costRate.times(value));
    turnover = turnover.plus(value);
    shares = shares.plus(traded);
  });
  const secondary = formulation.tieBreak === "shares" ? shares : turnover;
  return { drift, cost, turnover, shares, objective: drift.plus(cost), secondary };
}

/** Lexicographic comparison of (objective, tie-break): negative when a is better. */
export function compareTerms(a: Pick<ObjectiveTerms, "objective" | "secondary">, b: typeof a): number {
  return a.objective.comparedTo(b.objective) || a.secondary.comparedTo(b.secondary);
}
