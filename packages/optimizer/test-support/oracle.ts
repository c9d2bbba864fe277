// Test-only helpers (outside src, so neither built nor counted in coverage): instance builders and an exhaustive-enumeration oracle.
import { Dec } from "@ogs/domain";
import type { RebalanceInput, RebalanceInputPosition } from "@ogs/domain";

export const dec = (value: string | number): Dec => new Dec(String(value));

export function position(
  securityId: string,
  quantity: string | number,
  price: string | number,
  target: string | number,
  lowDrift: string | number = 0,
  highDrift: string | number = 0,
): RebalanceInputPosition {
  return {
    securityId,
    quantity: dec(quantity),
    price: dec(price),
    target: dec(target),
    lowDrift: dec(lowDrift),
    highDrift: dec(highDrift),
  };
}

export function instance(cash: string | number, positions: RebalanceInputPosition[]): RebalanceInput {
  return { cash: dec(cash), positions };
}

export interface OracleAnswer {
  feasible: boolean;
  drift: Dec;
  trade: Dec;
}

/**
 * Brute force over every integer vector with 0 ≤ u'ᵢ and u'ᵢpᵢ ≤ MV·(tᵢ + hᵢ), checking each constraint
 * of SPEC §5.1 by exact multiplication only (no division, no shared code with the optimizer).
 */
export function enumerateOptimum(input: RebalanceInput, marketValue: Dec, limit = 200_000): OracleAnswer | undefined {
  const ranges = input.positions.map((p) => {
    const values: Dec[] = [];
    const ceiling = marketValue.times(p.target.plus(p.highDrift));
    const floor = marketValue.times(p.target.minus(p.lowDrift));
    for (let u = new Dec(0); u.times(p.price).lte(ceiling); u = u.plus(1)) {
      if (u.times(p.price).gte(floor)) values.push(u);
    }
    return values;
  });
  const size = ranges.reduce((n, r) => n * Math.max(r.length, 1), 1);
  if (size > limit) return undefined;
  let best: OracleAnswer = { feasible: false, drift: new Dec(0), trade: new Dec(0) };
  const chosen: Dec[] = [];
  const visit = (i: number): void => {
    if (i === ranges.length) {
      let spent = new Dec(0);
      let drift = new Dec(0);
      let trade = new Dec(0);
      input.positions.forEach((p, j) => {
        const u = chosen[j] as Dec;
        spent = spent.plus(u.times(p.price));
        drift = drift.plus(marketValue.times(p.target).minus(u.times(p.price)).abs());
        trade = trade.plus(u.minus(p.quantity).abs());
      });
      if (spent.gt(marketValue)) return;
      const better = !best.feasible || drift.lt(best.drift) || (drift.eq(best.drift) && trade.lt(best.trade));
      if (better) best = { feasible: true, drift, trade };
      return;
    }
    for (const u of ranges[i] as Dec[]) {
      chosen[i] = u;
      visit(i + 1);
    }
  };
  visit(0);
  return best;
}
