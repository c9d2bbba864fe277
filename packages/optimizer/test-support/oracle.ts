// Test-only helpers (outside src, so neither built nor counted in coverage): instance builders and an exhaustive-enumeration oracle.
import { Dec } from "@ogs/domain";
import type { RebalanceInput, RebalanceInputPosition, RebalanceOptions } from "@ogs/domain";

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

export interface OptionsOracleAnswer {
  feasible: boolean;
  /** Σ |MV·t − x·p| + Σ c·|x − u|·p of the best vector. */
  objective: Dec;
  /** The tie-break of the best vector: Σ |x − u| without options, Σ |x − u|·p with them. */
  trade: Dec;
}

/**
 * Brute force under trading options, straight from their definitions (README "Trading constraints"), sharing
 * no code with the optimizer: every whole x from 0 to the relaxed upper band of each security (x = u for
 * `no_trade`), each constraint checked by exact multiplication, best (objective, tie-break) kept.
 */
export function enumerateWithOptions(
  input: RebalanceInput,
  marketValue: Dec,
  options: RebalanceOptions,
  limit = 200_000,
): OptionsOracleAnswer | undefined {
  const bps = (id: string) => options.transactionCostBpsBySecurity?.[id] ?? options.transactionCostBps ?? new Dec(0);
  const restrictionOf = (id: string) => {
    const own = options.restrictions?.[id];
    const fromMode = options.mode === "buy_only" ? "no_sell" : options.mode === "sell_only" ? "no_buy" : undefined;
    if (!fromMode || !own || own === fromMode) return own ?? fromMode;
    return "no_trade";
  };
  const minTrade = options.minTradeValue ?? new Dec(0);
  const ranges = input.positions.map((p) => {
    const restriction = restrictionOf(p.securityId);
    if (restriction === "no_trade") return [p.quantity];
    const held = p.quantity.times(p.price);
    let floor = marketValue.times(p.target.minus(p.lowDrift));
    let ceiling = marketValue.times(p.target.plus(p.highDrift));
    if (restriction === "no_buy" && held.lt(floor)) floor = held;
    if (restriction === "no_sell" && held.gt(ceiling)) ceiling = held;
    const lot = new Dec(options.lotSizes?.[p.securityId] ?? 1);
    const values: Dec[] = [];
    for (let x = new Dec(0); x.times(p.price).lte(ceiling); x = x.plus(1)) {
      if (x.times(p.price).lt(floor)) continue;
      if (restriction === "no_buy" && x.gt(p.quantity)) continue;
      if (restriction === "no_sell" && x.lt(p.quantity)) continue;
      const d = x.minus(p.quantity);
      if (!x.isZero() && lot.gt(1) && !d.mod(lot).isZero()) continue;
      if (!x.isZero() && !d.isZero() && d.abs().times(p.price).lt(minTrade)) continue;
      values.push(x);
    }
    return values;
  });
  const size = ranges.reduce((n, r) => n * Math.max(r.length, 1), 1);
  if (size > limit) return undefined;
  const reserve = Dec.max(options.minCash ?? 0, (options.minCashFraction ?? new Dec(0)).times(marketValue));
  const cap = options.maxTurnover?.times(marketValue);
  // Ties: the fewest shares traded when no option changes this portfolio's problem, else the least traded value.
  const plain =
    reserve.isZero() &&
    minTrade.isZero() &&
    cap === undefined &&
    input.positions.every(
      (p) =>
        restrictionOf(p.securityId) === undefined &&
        (options.lotSizes?.[p.securityId] ?? 1) === 1 &&
        bps(p.securityId).isZero(),
    );
  let best: OptionsOracleAnswer = { feasible: false, objective: new Dec(0), trade: new Dec(0) };
  const chosen: Dec[] = [];
  const visit = (i: number): void => {
    if (i === ranges.length) {
      let spent = new Dec(0);
      let objective = new Dec(0);
      let trade = new Dec(0);
      let turnover = new Dec(0);
      input.positions.forEach((p, j) => {
        const x = chosen[j] as Dec;
        const traded = x.minus(p.quantity).abs();
        spent = spent.plus(x.times(p.price));
        objective = objective
          .plus(marketValue.times(p.target).minus(x.times(p.price)).abs())
          .plus(bps(p.securityId).div(10_000).times(traded).times(p.price));
        trade = trade.plus(plain ? traded : traded.times(p.price));
        turnover = turnover.plus(traded.times(p.price));
      });
      if (spent.gt(marketValue.minus(reserve))) return;
      if (cap !== undefined && turnover.gt(cap)) return;
      const better =
        !best.feasible || objective.lt(best.objective) || (objective.eq(best.objective) && trade.lt(best.trade));
      if (better) best = { feasible: true, objective, trade };
      return;
    }
    for (const x of ranges[i] as Dec[]) {
      chosen[i] = x;
      visit(i + 1);
    }
  };
  visit(0);
  return best;
}
