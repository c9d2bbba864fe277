// Test-only: small random portfolios with random trading options, for the property tests of the optimizer.
import fc from "fast-check";
import { Dec } from "@ogs/domain";
import type { RebalanceInput, RebalanceOptions, TradeRestriction } from "@ogs/domain";
import { instance, position } from "./oracle.js";

export interface OptionCase {
  input: RebalanceInput;
  options: RebalanceOptions;
}

const cents = (value: number) => new Dec(value).div(100);

const securityArbitrary = fc.record({
  priceCents: fc.oneof(fc.integer({ min: 200, max: 4000 }), fc.constantFrom(250, 500, 1000, 1250, 2000)),
  weight: fc.integer({ min: 1, max: 4 }),
  /** Shares off the target quantity (near-target portfolios) or held outright (random ones). */
  noise: fc.integer({ min: -3, max: 3 }),
  held: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 8 }), weight: 9 }, fc.integer({ min: -2, max: -1 })),
  low: fc.integer({ min: 0, max: 15 }),
  high: fc.integer({ min: 0, max: 15 }),
  restriction: fc.option(fc.constantFrom<TradeRestriction>("no_buy", "no_sell", "no_trade"), { freq: 8 }),
  lot: fc.option(fc.constantFrom(2, 3, 5), { freq: 8 }),
  bps: fc.option(fc.constantFrom(0, 3, 50, 400), { freq: 10 }),
});

/** `mixed` keeps every option drawn; the others keep one family (as the bench's options mix does). */
const PROFILES = ["mixed", "mixed", "mixed", "mode", "reserve", "restrictions", "lots", "minimum", "turnover", "costs"] as const; // prettier-ignore

interface Drawn {
  profile: (typeof PROFILES)[number];
  mode: RebalanceOptions["mode"];
  minCash: number | null;
  minCashFraction: number | null;
  minTradeValue: number | null;
  maxTurnover: number | null;
  transactionCostBps: number | null;
  securities: { restriction: TradeRestriction | null; lot: number | null; bps: number | null }[];
}

/** Drops every option outside the draw's profile (`mixed` keeps them all). */
function onlyProfile<T extends Drawn>(c: T): T {
  if (c.profile === "mixed") return c;
  const keep = (family: Drawn["profile"]) => c.profile === family;
  return {
    ...c,
    mode: keep("mode") ? (c.mode ?? "buy_only") : undefined,
    minCash: keep("reserve") ? c.minCash : null,
    minCashFraction: keep("reserve") ? (c.minCashFraction ?? 10) : null,
    minTradeValue: keep("minimum") ? (c.minTradeValue ?? 500) : null,
    maxTurnover: keep("turnover") ? (c.maxTurnover ?? 10) : null,
    transactionCostBps: keep("costs") ? (c.transactionCostBps ?? 10) : null,
    securities: c.securities.map((s) => ({
      ...s,
      restriction: keep("restrictions") ? s.restriction : null,
      lot: keep("lots") ? s.lot : null,
      bps: keep("costs") ? s.bps : null,
    })),
  };
}

/** An option present one time in four. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary, weight: 1 });

/**
 * ≤ `maxSecurities` securities, prices 2–40 with cents (or five round prices, so ties abound), targets
 * on a 0.05 grid summing to 0.5–1.05 (so the cash row often binds), holdings either a few shares off
 * the target or random (a tenth short), bands up to 0.15. Options: in 3 draws of 10 every option is
 * present one time in four (a security's own ones less often) — mode, reserves, minimum trade, turnover
 * cap, costs (default and per security), restrictions and lot sizes; the other draws keep one family.
 */
export function optionCase(maxSecurities = 4): fc.Arbitrary<OptionCase> {
  return fc
    .record({
      value: fc.integer({ min: 100, max: 3000 }),
      nearTarget: fc.boolean(),
      targetUnits: fc.integer({ min: 10, max: 21 }),
      extraCash: fc.integer({ min: -20, max: 40 }),
      securities: fc.array(securityArbitrary, { minLength: 1, maxLength: maxSecurities }),
      mode: fc.constantFrom<RebalanceOptions["mode"]>(undefined, undefined, undefined, "full", "buy_only", "sell_only"),
      minCash: sometimes(fc.integer({ min: 0, max: 5000 })),
      minCashFraction: sometimes(fc.integer({ min: 0, max: 20 })),
      minTradeValue: sometimes(fc.integer({ min: 1, max: 3000 })),
      maxTurnover: sometimes(fc.integer({ min: 0, max: 60 })),
      transactionCostBps: sometimes(fc.constantFrom(1, 10, 75, 500)),
      profile: fc.constantFrom(...PROFILES),
    })
    .map((raw) => {
      const c = onlyProfile(raw);
      const weights = c.securities.reduce((sum, s) => sum + s.weight, 0);
      const units = c.securities.map((s) => Math.floor((s.weight / weights) * c.targetUnits));
      const options: RebalanceOptions = {};
      if (c.mode) options.mode = c.mode;
      if (c.minCash !== null) options.minCash = cents(c.minCash);
      if (c.minCashFraction !== null) options.minCashFraction = new Dec(c.minCashFraction).div(200);
      if (c.minTradeValue !== null) options.minTradeValue = cents(c.minTradeValue);
      if (c.maxTurnover !== null) options.maxTurnover = new Dec(c.maxTurnover).div(100);
      if (c.transactionCostBps !== null) options.transactionCostBps = new Dec(c.transactionCostBps);
      const restrictions: Record<string, TradeRestriction> = {};
      const lotSizes: Record<string, number> = {};
      const costs: Record<string, Dec> = {};
      let invested = new Dec(0);
      const positions = c.securities.map((s, i) => {
        const id = `S${i}`;
        if (s.restriction) restrictions[id] = s.restriction;
        if (s.lot) lotSizes[id] = s.lot;
        if (s.bps !== null) costs[id] = new Dec(s.bps);
        const target = new Dec(units[i] as number).times("0.05");
        const price = cents(s.priceCents);
        const quantity = c.nearTarget
          ? Dec.max(0, target.times(c.value).div(price).round().plus(s.noise))
          : new Dec(s.held);
        invested = invested.plus(quantity.times(price));
        return position(id, quantity.toFixed(), price.toFixed(), target.toFixed(), cents(s.low).toFixed(), cents(s.high).toFixed()); // prettier-ignore
      });
      if (Object.keys(restrictions).length > 0) options.restrictions = restrictions;
      if (Object.keys(lotSizes).length > 0) options.lotSizes = lotSizes;
      if (Object.keys(costs).length > 0) options.transactionCostBpsBySecurity = costs;
      const cash = c.nearTarget ? new Dec(c.value).minus(invested).plus(c.extraCash) : new Dec(c.extraCash).times(5);
      return { input: instance(cash.toFixed(), positions), options };
    });
}
