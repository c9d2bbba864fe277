// The structure that makes the common case search-free (SPEC §5.1, issue 4).
//
// Without the cash row the problem separates: security i alone minimises pᵢ·|xᵢ − u'ᵢ| over the
// integers of its band [Lᵢ, Uᵢ], where xᵢ = MV·tᵢ/pᵢ. The cost is convex in u'ᵢ, so the best value
// is the band's integer nearest xᵢ (floor or ceil, clamped). Dropping a constraint gives a
// relaxation, so when these choices also satisfy Σ u'ᵢpᵢ ≤ MV they are a proven optimum.
import { Dec } from "@ogs/domain";
import type { RebalanceInput } from "@ogs/domain";
import { ceilDiv, floorDiv } from "./exact-division.js";

export interface SecurityPlan {
  /** Lowest quantity allowed by the band: max(0, ⌈MV·(t − l)/p⌉). */
  lower: Dec;
  /** Highest quantity allowed by the band: ⌊MV·(t + h)/p⌋. */
  upper: Dec;
  /** The separable optimum, ties broken toward the current quantity, then the smaller quantity. */
  best: Dec;
  /** MV·tᵢ, the money the model wants in this security. */
  targetValue: Dec;
}

export type SeparablePlan = { feasible: false; security: string } | { feasible: true; plans: SecurityPlan[] };

function costOf(quantity: Dec, price: Dec, targetValue: Dec): Dec {
  return targetValue.minus(quantity.times(price)).abs();
}

/** Picks the better of two candidates: lower cost, then less trading |u' − u|, then fewer shares. */
function preferred(a: Dec, b: Dec, price: Dec, targetValue: Dec, current: Dec): Dec {
  const byCost = costOf(a, price, targetValue).comparedTo(costOf(b, price, targetValue));
  if (byCost !== 0) return byCost < 0 ? a : b;
  const byTrade = a.minus(current).abs().comparedTo(b.minus(current).abs());
  if (byTrade !== 0) return byTrade < 0 ? a : b;
  return a.lte(b) ? a : b;
}

function clamp(value: Dec, lower: Dec, upper: Dec): Dec {
  return Dec.max(lower, Dec.min(upper, value));
}

/** Exact integer bands and the separable optimum of every security; `feasible: false` names an empty band. */
export function planSecurities(input: RebalanceInput, marketValue: Dec): SeparablePlan {
  const plans: SecurityPlan[] = [];
  for (const position of input.positions) {
    const { price, target } = position;
    const targetValue = marketValue.times(target);
    const lower = Dec.max(0, ceilDiv(marketValue.times(target.minus(position.lowDrift)), price));
    const upper = floorDiv(marketValue.times(target.plus(position.highDrift)), price);
    if (upper.lt(lower)) return { feasible: false, security: position.securityId };
    const below = floorDiv(targetValue, price);
    const above = below.times(price).eq(targetValue) ? below : below.plus(1);
    const best = preferred(
      clamp(below, lower, upper),
      clamp(above, lower, upper),
      price,
      targetValue,
      position.quantity,
    );
    plans.push({ lower, upper, best, targetValue });
  }
  return { feasible: true, plans };
}
