// The trading options' defaults, validation, merging and per-security resolution.
import { describe, expect, it } from "vitest";
import { Dec } from "../money.js";
import {
  assertOptionSecuritiesKnown,
  cashReserve,
  findUnknownOptionSecurities,
  isPlainRebalance,
  mergeRebalanceOptions,
  resolveRebalanceOptions,
  restrictOptionsTo,
  sameRebalanceOptions,
  validateRebalanceOptions,
  type RebalanceOptions,
} from "./options.js";

const dec = (value: string | number) => new Dec(value);

describe("resolveRebalanceOptions", () => {
  it("applies every default when no option is given", () => {
    const sut = resolveRebalanceOptions();
    expect(sut).toMatchObject({ mode: "full", minCash: dec(0), minCashFraction: dec(0), maxTurnover: null });
    expect(sut.rulesFor("A")).toEqual({ restriction: null, lotSize: dec(1), costRate: dec(0) });
  });

  it("combines the mode with a security's restriction (both directions make no_trade)", () => {
    const restrictions = { A: "no_buy", B: "no_sell", C: "no_trade" } as const;
    const buyOnly = resolveRebalanceOptions({ mode: "buy_only", restrictions });
    expect(["A", "B", "C", "D"].map((id) => buyOnly.rulesFor(id).restriction)).toEqual([
      "no_trade",
      "no_sell",
      "no_trade",
      "no_sell",
    ]);
    const sellOnly = resolveRebalanceOptions({ mode: "sell_only", restrictions });
    expect(["A", "B", "D"].map((id) => sellOnly.rulesFor(id).restriction)).toEqual(["no_buy", "no_trade", "no_buy"]);
    expect(resolveRebalanceOptions({ restrictions }).rulesFor("B").restriction).toBe("no_sell");
  });

  it("turns basis points into a cost rate, a security's own figure overriding the default", () => {
    const sut = resolveRebalanceOptions({
      transactionCostBps: dec(10),
      transactionCostBpsBySecurity: { A: dec("2.5") },
      lotSizes: { A: 100 },
    });
    expect(sut.rulesFor("A")).toEqual({ restriction: null, lotSize: dec(100), costRate: dec("0.00025") });
    expect(sut.rulesFor("B").costRate).toEqual(dec("0.001"));
    expect(sut.rulesFor("__proto__").lotSize).toEqual(dec(1));
  });

  it("keeps the larger of the two cash reserves", () => {
    const mv = dec(10_000);
    expect(cashReserve(resolveRebalanceOptions({ minCash: dec(300), minCashFraction: dec("0.02") }), mv)).toEqual(
      dec(300),
    );
    expect(cashReserve(resolveRebalanceOptions({ minCash: dec(100), minCashFraction: dec("0.02") }), mv)).toEqual(
      dec(200),
    );
  });
});

describe("validateRebalanceOptions", () => {
  it("accepts valid options", () => {
    const options: RebalanceOptions = {
      mode: "buy_only",
      minCash: dec(0),
      minCashFraction: dec(1),
      minTradeValue: dec(500),
      maxTurnover: dec("0.1"),
      transactionCostBps: dec(10_000),
      restrictions: { A: "no_trade" },
      lotSizes: { A: 1, B: 1_000_000_000 },
      transactionCostBpsBySecurity: { A: dec(0) },
    };
    expect(validateRebalanceOptions(options)).toEqual([]);
  });

  it("names every field out of range in the wire's snake_case", () => {
    const errors = validateRebalanceOptions({
      mode: "sideways" as never,
      minCash: dec(-1),
      minCashFraction: dec("1.5"),
      minTradeValue: dec(NaN),
      maxTurnover: dec("-0.1"),
      transactionCostBps: dec(10_001),
      restrictions: { A: "no_short" as never },
      lotSizes: { A: 0, B: 2.5, C: 1_000_000_001 },
      transactionCostBpsBySecurity: { D: dec(-2) },
    });
    expect(errors.map((e) => e.field)).toEqual([
      "options.mode",
      "options.min_cash",
      "options.min_cash_fraction",
      "options.min_trade_value",
      "options.max_turnover",
      "options.transaction_cost_bps",
      "options.restrictions.A",
      "options.lot_sizes.A",
      "options.lot_sizes.B",
      "options.lot_sizes.C",
      "options.transaction_cost_bps_by_security.D",
    ]);
    expect(errors[2]?.message).toBe("must be at most 1");
  });
});

describe("findUnknownOptionSecurities", () => {
  it("names each map entry whose security is not in the model", () => {
    const options: RebalanceOptions = {
      restrictions: { A: "no_buy", X: "no_sell" },
      lotSizes: { Y: 10 },
      transactionCostBpsBySecurity: { A: dec(1), Z: dec(1) },
    };
    expect(findUnknownOptionSecurities(options, ["A"], "").map((e) => e.field)).toEqual([
      "restrictions.X",
      "lot_sizes.Y",
      "transaction_cost_bps_by_security.Z",
    ]);
    expect(findUnknownOptionSecurities({}, [])).toEqual([]);
  });

  it("is a 422 naming the first entry when asserted", () => {
    const options: RebalanceOptions = { lotSizes: { Y: 10, Z: 5 } };
    expect(() => assertOptionSecuritiesKnown(options, ["A"])).toThrow(
      expect.objectContaining({
        rule: "option-security-not-in-model",
        message:
          "The trading options name a security outside the model: options.lot_sizes.Y: security Y is not in the model (and 1 more).",
      }),
    );
    expect(() => assertOptionSecuritiesKnown(options, ["Y", "Z"])).not.toThrow();
  });
});

describe("mergeRebalanceOptions", () => {
  it("lets a request's options override the model's key by key", () => {
    const model: RebalanceOptions = { mode: "buy_only", minCash: dec(100), restrictions: { A: "no_sell" } };
    const request: RebalanceOptions = { minCash: dec(5), restrictions: { B: "no_buy" }, maxTurnover: undefined };
    expect(mergeRebalanceOptions(model, request)).toEqual({
      mode: "buy_only",
      minCash: dec(5),
      restrictions: { B: "no_buy" },
    });
  });
});

describe("isPlainRebalance", () => {
  it("is true only when every option is absent or at its default", () => {
    expect(isPlainRebalance()).toBe(true);
    expect(
      isPlainRebalance({
        mode: "full",
        minCash: dec(0),
        minCashFraction: dec(0),
        minTradeValue: dec(0),
        transactionCostBps: dec(0),
        restrictions: {},
        lotSizes: { A: 1 },
        transactionCostBpsBySecurity: { A: dec(0) },
      }),
    ).toBe(true);
    const changed: RebalanceOptions[] = [
      { mode: "sell_only" },
      { minCash: dec(1) },
      { maxTurnover: dec(1) },
      { restrictions: { A: "no_buy" } },
      { lotSizes: { A: 10 } },
      { transactionCostBpsBySecurity: { A: dec(1) } },
    ];
    for (const options of changed) expect(isPlainRebalance(options)).toBe(false);
  });
});

describe("restrictOptionsTo", () => {
  it("drops per-security entries outside the given securities and keeps every other option", () => {
    const options: RebalanceOptions = {
      mode: "buy_only",
      minTradeValue: dec(100),
      restrictions: { A: "no_sell", Z: "no_trade" },
      lotSizes: { Z: 100 },
      transactionCostBpsBySecurity: { A: dec(5) },
    };
    expect(restrictOptionsTo(options, ["A", "B"])).toEqual({
      mode: "buy_only",
      minTradeValue: dec(100),
      restrictions: { A: "no_sell" },
      transactionCostBpsBySecurity: { A: dec(5) },
    });
    expect(restrictOptionsTo({}, ["A"])).toEqual({});
  });
});

describe("sameRebalanceOptions", () => {
  it("compares decimals by value and maps by entry", () => {
    const a: RebalanceOptions = {
      minCash: dec("100.0"),
      lotSizes: { A: 10 },
      transactionCostBpsBySecurity: { A: dec("1.50") },
    };
    const b: RebalanceOptions = {
      minCash: dec(100),
      lotSizes: { A: 10 },
      transactionCostBpsBySecurity: { A: dec("1.5") },
    };
    expect(sameRebalanceOptions(a, b)).toBe(true);
    expect(sameRebalanceOptions(a, { ...b, lotSizes: { A: 10, B: 1 } })).toBe(false);
    expect(sameRebalanceOptions(a, { ...b, minCash: undefined })).toBe(false);
    expect(sameRebalanceOptions({}, { mode: "full" })).toBe(false);
  });
});
