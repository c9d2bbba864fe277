// The structure that makes the common case search-free (SPEC §5.1), on the formulation.
//
// Without the linking rows (cash, turnover) the problem separates: security i alone minimises
// fᵢ(x) = |MV·tᵢ − x·pᵢ| + cᵢ·|x − uᵢ|·pᵢ over its allowed set Xᵢ, a few arithmetic progressions.
// fᵢ is convex with kinks at the target quantity aᵢ = MV·tᵢ/pᵢ and at uᵢ, so on each progression the
// best point is a progression neighbour of a kink; with cᵢ = 0 only aᵢ's neighbours can be best (and
// |x − uᵢ|, the tie-break, is convex too). Dropping constraints gives a relaxation, so when these
// choices also satisfy the linking rows they are a proven optimum.
import { Dec, computeMarketValue } from "@ogs/domain";
import type { RebalanceInput } from "@ogs/domain";
import { floorDiv } from "./exact-division.js";
import { buildFormulation, type Formulation, type SecurityTerm } from "./formulation.js";
import { termCost } from "./objective.js";
import type { Piece } from "./pieces.js";

export interface SecurityPlan {
  /** Lowest allowed quantity (for the plain problem: max(0, ⌈MV·(t − l)/p⌉)). */
  lower: Dec;
  /** Highest allowed quantity (for the plain problem: ⌊MV·(t + h)/p⌋). */
  upper: Dec;
  /** The separable optimum, ties broken toward the current quantity, then the smaller quantity. */
  best: Dec;
  /** MV·tᵢ, the money the model wants in this security. */
  targetValue: Dec;
}

export type SeparablePlan = { feasible: false; security: string } | { feasible: true; plans: SecurityPlan[] };

/** Picks the better of two candidates: lower cost, then less trading |x − u|, then fewer shares. */
function preferred(term: SecurityTerm, a: Dec, b: Dec): Dec {
  if (a.eq(b)) return a;
  const byCost = termCost(term, a).comparedTo(termCost(term, b));
  if (byCost !== 0) return byCost < 0 ? a : b;
  const byTrade = a.minus(term.current).abs().comparedTo(b.minus(term.current).abs());
  if (byTrade !== 0) return byTrade < 0 ? a : b;
  return a.lte(b) ? a : b;
}

/** The piece's points next to `value` (money, compared with x·p): the last at or below, the first above. */
function neighbours(piece: Piece, value: Dec, price: Dec): [Dec, Dec] {
  const { from, to, step } = piece;
  if (step.eq(1)) {
    // Whole shares: the nearest shares below and above value/price, clamped (the plain problem's hot path).
    const floor = floorDiv(value, price);
    const ceil = floor.times(price).eq(value) ? floor : floor.plus(1);
    return [Dec.max(from, Dec.min(to, floor)), Dec.max(from, Dec.min(to, ceil))];
  }
  const offset = value.minus(from.times(price));
  if (offset.lt(0)) return [from, from];
  const below = Dec.min(to, from.plus(floorDiv(offset, step.times(price)).times(step)));
  const above = below.times(price).eq(value) || below.eq(to) ? below : below.plus(step);
  return [below, above];
}

/** The separable optimum of one security; undefined when nothing is allowed. */
export function bestOf(term: SecurityTerm): Dec | undefined {
  let best: Dec | undefined;
  const consider = (x: Dec) => {
    best = best === undefined ? x : preferred(term, best, x);
  };
  for (const piece of term.pieces) {
    const [below, above] = neighbours(piece, term.targetValue, term.price);
    consider(below);
    consider(above);
    if (term.costRate.isZero()) continue;
    const [short, long] = neighbours(piece, term.current.times(term.price), term.price);
    consider(short);
    consider(long);
  }
  return best;
}

/** Exact allowed ranges and the separable optimum of every security; `feasible: false` names an empty set. */
export function planFormulation(formulation: Formulation): SeparablePlan {
  const plans: SecurityPlan[] = [];
  for (const term of formulation.securities) {
    const best = bestOf(term);
    const first = term.pieces[0];
    const last = term.pieces[term.pieces.length - 1];
    if (best === undefined || !first || !last) return { feasible: false, security: term.securityId };
    plans.push({ lower: first.from, upper: last.to, best, targetValue: term.targetValue });
  }
  return { feasible: true, plans };
}

/** The plan of the problem of SPEC §5.1 without options (kept for the tests and the bench). */
export function planSecurities(input: RebalanceInput, marketValue: Dec = computeMarketValue(input)): SeparablePlan {
  return planFormulation(buildFormulation(input, marketValue));
}
