// The one declared formulation of a rebalance (SPEC §5.1 plus the trading options): every solver path,
// the general HiGHS model and the exact re-check are derived from this, never from the options directly.
//
// For security i (u current, x new, d = x − u, p price, band L = MV·(t − low), H = MV·(t + high)):
//   x ∈ Xᵢ, a finite union of arithmetic progressions (pieces.ts) holding exactly the x that are whole,
//   ≥ 0, inside the band as relaxed by a restriction, on the lot lattice and outside the minimum-trade
//   hole (the last two waived for x = 0); a `no_trade` security is fixed at x = u and has no band.
//   Cash:     Σ xᵢ·pᵢ ≤ MV − max(min_cash, min_cash_fraction·MV).
//   Turnover: Σ |dᵢ|·pᵢ ≤ max_turnover·MV (when given).
//   Minimise  Σ |MV·tᵢ − xᵢ·pᵢ| + Σ cᵢ·|dᵢ|·pᵢ, then the traded value Σ |dᵢ|·pᵢ (with no option at all,
//   the shares traded Σ |dᵢ|: today's tie-break, so plain answers stay exactly today's).
import { Dec, cashReserve, resolveRebalanceOptions } from "@ogs/domain";
import type { RebalanceInput, RebalanceOptions, TradeRestriction } from "@ogs/domain";
import { ceilDiv, floorDiv } from "./exact-division.js";
import { latticeIn, normalizePieces, type Piece } from "./pieces.js";

export interface SecurityTerm {
  securityId: string;
  price: Dec;
  /** u, today's quantity (may be fractional or negative). */
  current: Dec;
  /** MV·t, the value the model wants. */
  targetValue: Dec;
  /** c = bps / 10,000. */
  costRate: Dec;
  restriction: TradeRestriction | null;
  /** The value band after the restriction's relaxation; null for `no_trade` (no band). */
  bandLow: Dec | null;
  bandHigh: Dec | null;
  /** Whole number ≥ 1 (1: no lot rule). */
  lotSize: Dec;
  /** x = u whatever u is (`no_trade`). */
  fixed: boolean;
  /** Xᵢ in ascending order; empty when nothing is allowed. */
  pieces: Piece[];
}

export interface Formulation {
  marketValue: Dec;
  securities: SecurityTerm[];
  /** Σ xᵢ·pᵢ may not exceed this: MV minus the cash reserve. */
  cashBudget: Dec;
  reserve: Dec;
  minTradeValue: Dec;
  /** Σ |dᵢ|·pᵢ may not exceed this; null without a turnover cap. */
  turnoverCap: Dec | null;
  /** No option changes anything: the problem of SPEC §5.1 as it always was. */
  plain: boolean;
  /**
   * What breaks ties of the objective: the shares traded Σ |dᵢ| for the plain problem (today's rule), the
   * traded value Σ |dᵢ|·pᵢ under options (README "Trading constraints").
   */
  tieBreak: "shares" | "value";
  /** 10^q, q the prices' most decimals: pᵢ·valueUnit is a whole number (the value tie-break's unit). */
  valueUnit: Dec;
}

const ZERO = new Dec(0);
const ONE = new Dec(1);

/** The value band after the restriction's relaxation (just enough to contain today's position). */
function relaxedBand(restriction: TradeRestriction | null, low: Dec, high: Dec, held: { quantity: Dec; price: Dec }) {
  if (restriction === null || restriction === "no_trade") return { low, high };
  const value = held.quantity.times(held.price);
  return {
    low: restriction === "no_buy" ? Dec.min(low, value) : low,
    high: restriction === "no_sell" ? Dec.max(high, value) : high,
  };
}

/** The whole quantities of the band that the restriction allows, before lots and minimum trades. */
export function baseInterval(term: Pick<SecurityTerm, "price" | "current" | "restriction">, low: Dec, high: Dec) {
  let lower = Dec.max(0, ceilDiv(low, term.price));
  let upper = floorDiv(high, term.price);
  if (term.restriction === "no_buy") upper = Dec.min(upper, term.current.floor());
  if (term.restriction === "no_sell") lower = Dec.max(lower, term.current.ceil());
  return { lower, upper };
}

function allowedPieces(term: SecurityTerm, minTradeValue: Dec): Piece[] {
  if (term.fixed) return [{ from: term.current, to: term.current, step: ONE }];
  const { lower, upper } = baseInterval(term, term.bandLow as Dec, term.bandHigh as Dec);
  if (upper.lt(lower)) return [];
  const { current: u, price } = term;
  const lattice = term.lotSize.gt(1);
  if (!lattice && minTradeValue.isZero()) return [{ from: lower, to: upper, step: ONE }];
  // On a lot lattice every allowed x ≠ 0 is u + k·lot, so a fractional u leaves only x = 0.
  const base = lattice ? u : ZERO;
  const step = term.lotSize;
  const segments: [Dec, Dec][] = [];
  if (minTradeValue.gt(0)) {
    segments.push([lower, Dec.min(upper, floorDiv(u.times(price).minus(minTradeValue), price))]);
    segments.push([Dec.max(lower, ceilDiv(u.times(price).plus(minTradeValue), price)), upper]);
  } else segments.push([lower, upper]);
  const pieces: Piece[] = [];
  if (!lattice || u.isInteger())
    for (const [low, high] of segments) {
      const piece = latticeIn(low, high, base, step);
      if (piece) pieces.push(piece);
    }
  const point = (x: Dec) => x.isInteger() && x.gte(lower) && x.lte(upper);
  if (minTradeValue.gt(0) && point(u)) pieces.push({ from: u, to: u, step: ONE });
  if (point(ZERO)) pieces.push({ from: ZERO, to: ZERO, step: ONE });
  return normalizePieces(pieces);
}

/** Builds the formulation of one portfolio with MV > 0 (the caller answers MV ≤ 0 itself). */
export function buildFormulation(input: RebalanceInput, marketValue: Dec, options: RebalanceOptions = {}): Formulation {
  const resolved = resolveRebalanceOptions(options);
  let plain = resolved.minTradeValue.isZero() && resolved.maxTurnover === null;
  const securities = input.positions.map((position): SecurityTerm => {
    if (!position.price.gt(0)) throw new RangeError(`the price of ${position.securityId} must be greater than 0`);
    const rules = resolved.rulesFor(position.securityId);
    plain &&= rules.restriction === null && rules.lotSize.eq(1) && rules.costRate.isZero();
    const band = relaxedBand(
      rules.restriction,
      marketValue.times(position.target.minus(position.lowDrift)),
      marketValue.times(position.target.plus(position.highDrift)),
      position,
    );
    const fixed = rules.restriction === "no_trade";
    const term: SecurityTerm = {
      securityId: position.securityId,
      price: position.price,
      current: position.quantity,
      targetValue: marketValue.times(position.target),
      costRate: rules.costRate,
      restriction: rules.restriction,
      bandLow: fixed ? null : band.low,
      bandHigh: fixed ? null : band.high,
      lotSize: rules.lotSize,
      fixed,
      pieces: [],
    };
    term.pieces = allowedPieces(term, resolved.minTradeValue);
    return term;
  });
  const reserve = cashReserve(resolved, marketValue);
  plain &&= reserve.isZero();
  return {
    marketValue,
    securities,
    cashBudget: marketValue.minus(reserve),
    reserve,
    minTradeValue: resolved.minTradeValue,
    turnoverCap: resolved.maxTurnover === null ? null : resolved.maxTurnover.times(marketValue),
    plain,
    tieBreak: plain ? "shares" : "value",
    valueUnit: new Dec(10).pow(Math.max(0, ...securities.map((t) => t.price.decimalPlaces()))),
  };
}
