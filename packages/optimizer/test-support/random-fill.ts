// Test-only: small random portfolios of the fill search's shape (README "How it solves": `fill-search`) — one
// trading direction with a minimum trade value (and sometimes lots), holdings outside the model pinned by the
// mode, model securities below target and a cash row that binds, so the reduced costs are flat over long runs.
import fc from "fast-check";
import { Dec } from "@ogs/domain";
import type { RebalanceOptions } from "@ogs/domain";
import { instance, position } from "./oracle.js";
import type { OptionCase } from "./random-options.js";

const cents = (value: number) => new Dec(value).div(100);

/** null n − 1 times in n. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>, n: number) =>
  fc.oneof({ arbitrary: fc.constant(null), weight: n - 1 }, { arbitrary, weight: 1 });

const modelSecurity = fc.record({
  priceCents: fc.oneof(fc.integer({ min: 150, max: 3000 }), fc.constantFrom(200, 500, 1000, 1250)),
  /** Target in units of 0.05. */
  targetUnits: fc.integer({ min: 1, max: 6 }),
  /** Today's value as tenths of the target's value at the portfolio's scale. */
  heldTenths: fc.integer({ min: 0, max: 14 }),
  /** The lower band: 0 (the demo's "allowed 0–14 %") or a few points below the target. */
  lowUnits: rarely(fc.integer({ min: 0, max: 3 }), 5),
  highPoints: fc.integer({ min: 0, max: 10 }),
  lot: rarely(fc.constantFrom(2, 3, 5), 4),
});

const outsideHolding = fc.record({
  priceCents: fc.integer({ min: 150, max: 5000 }),
  held: fc.integer({ min: 1, max: 5 }),
});

/**
 * 2–3 model securities and 0–2 holdings outside the model at a scale of 100–400: `buy_only` (or `full`) with a
 * fraction of the cash that would bring every model security to its target; `sell_only` with an overdraft of
 * the holdings outside the model and up to half the model's value; or (two times in seven) cash to spare and a
 * turnover cap of a fraction of what reaching every target would trade. A minimum trade value of 0.50–25, lots
 * on a quarter of the securities, one time in five a cash reserve, one in five a cost (the multiplier 1 ∓ c).
 */
export function fillCase(): fc.Arbitrary<OptionCase> {
  return fc
    .record({
      scale: fc.integer({ min: 100, max: 400 }),
      model: fc.array(modelSecurity, { minLength: 2, maxLength: 3 }),
      outside: fc.array(outsideHolding, { maxLength: 2 }),
      /**
       * `full` trades both ways: the flat sets of held securities straddle the holding (the tie-break varies);
       * `turnover` is `full` with cash to spare and a turnover cap that binds instead.
       */
      mode: fc.constantFrom("buy_only", "buy_only", "sell_only", "sell_only", "full", "turnover", "turnover"),
      minTradeCents: fc.integer({ min: 50, max: 2500 }),
      /** Of the cash that reaches every target (buy_only) or of half the model's value (sell_only). */
      cashPercent: fc.integer({ min: 5, max: 95 }),
      reserveCents: rarely(fc.integer({ min: 1, max: 1000 }), 5),
      bps: rarely(fc.constantFrom(10, 75), 5),
    })
    .map((c) => {
      const lotSizes: Record<string, number> = {};
      let heldModel = new Dec(0);
      let targets = new Dec(0);
      const modelValues: { target: Dec; value: Dec }[] = [];
      const positions = c.model.map((s, i) => {
        const id = `M${i}`;
        if (s.lot) lotSizes[id] = s.lot;
        const target = new Dec(s.targetUnits).times("0.05");
        const low = s.lowUnits === null ? target : Dec.min(target, new Dec(s.lowUnits).times("0.01"));
        const price = cents(s.priceCents);
        // Under a turnover cap the model is held at or below target, so only the cap forces anything.
        const tenths = c.mode === "turnover" ? Math.min(s.heldTenths, 10) : s.heldTenths;
        const held = target.times(c.scale).times(tenths).div(10).div(price).floor();
        heldModel = heldModel.plus(held.times(price));
        modelValues.push({ target, value: held.times(price) });
        targets = targets.plus(target);
        return position(id, held.toFixed(), price.toFixed(), target.toFixed(), low.toFixed(), cents(s.highPoints).toFixed()); // prettier-ignore
      });
      let heldOutside = new Dec(0);
      c.outside.forEach((s, i) => {
        heldOutside = heldOutside.plus(cents(s.priceCents).times(s.held));
        positions.push(position(`O${i}`, s.held, cents(s.priceCents).toFixed(), 0));
      });
      // buy_only: (Σ targets)·(held + cash) = held in the model + cash solves for the cash reaching every target.
      const reaching = targets.times(heldModel.plus(heldOutside)).minus(heldModel).div(new Dec(1).minus(targets));
      const share = new Dec(c.cashPercent).div(100);
      const cash = (c.mode === "sell_only" ? heldModel.times(share).div(2).plus(heldOutside).neg() : Dec.max(reaching, 10).times(c.mode === "turnover" ? share.plus(1) : share)).toDecimalPlaces(2); // prettier-ignore
      const options: RebalanceOptions = { minTradeValue: cents(c.minTradeCents) };
      if (c.mode === "buy_only" || c.mode === "sell_only") options.mode = c.mode;
      if (c.mode === "turnover") {
        // The holdings outside the model (their band is 0: they must go) and a share of what would bring every
        // model security to its target.
        const marketValue = cash.plus(heldModel).plus(heldOutside);
        const needed = modelValues.reduce((sum, m) => sum.plus(m.target.times(marketValue).minus(m.value).abs()), new Dec(0)); // prettier-ignore
        if (marketValue.gt(0)) options.maxTurnover = needed.times(share).plus(heldOutside).div(marketValue).toDecimalPlaces(4, Dec.ROUND_UP); // prettier-ignore
      }
      if (Object.keys(lotSizes).length > 0) options.lotSizes = lotSizes;
      if (c.reserveCents !== null) options.minCash = cents(c.reserveCents);
      if (c.bps !== null) options.transactionCostBps = new Dec(c.bps);
      return { input: instance(cash.toFixed(), positions), options };
    });
}
