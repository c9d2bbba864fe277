// Each trading option on the README's worked example, and the infeasibility causes it can name.
import { describe, expect, it } from "vitest";
import type { RebalanceOptions } from "@ogs/domain";
import { dec, instance, position } from "../test-support/oracle.js";
import { solveRebalance, type RebalanceSolution, type SolveOptions } from "./solve.js";

/** MV 10,700: AAA wants 4,815 (48.15 shares), BBB 4,815 (120.375 shares), OLD is off the model. */
const portfolio = () =>
  instance("2000", [
    position("AAA", 30, "100", "0.45", "0.05", "0.05"),
    position("BBB", 130, "40", "0.45", "0.05", "0.05"),
    position("OLD", 20, "25", 0),
  ]);

const trades = (result: RebalanceSolution) =>
  result.transactions.map((t) => `${t.transactionType} ${t.securityId} ${t.quantity.toFixed()}`);

function solve(options: SolveOptions) {
  const result = solveRebalance(portfolio(), options);
  expect(result.status).toBe("optimal");
  const general = solveRebalance(portfolio(), { ...options, method: "general" });
  expect(general.drift.plus(general.cost).toFixed()).toBe(result.drift.plus(result.cost).toFixed());
  return result;
}

describe("trading options on the README example", () => {
  it("without options trades exactly as before and reports zero cost and the traded value", () => {
    const result = solve({});
    expect(trades(result)).toEqual(["BUY AAA 18", "SELL BBB 10", "SELL OLD 20"]);
    expect(result).toMatchObject({ drift: dec(30), cost: dec(0), turnover: dec(2700), cashAfter: dec(1100) });
    expect(result.path).toBe("separable");
  });

  it("keeps a cash reserve, trading the least value among equally good answers", () => {
    const result = solve({ minCash: dec(1500) });
    // 400 must stay in cash: 4 fewer AAA or 10 more BBB sold cost the same drift; the first trades less value.
    expect(trades(result)).toEqual(["BUY AAA 14", "SELL BBB 10", "SELL OLD 20"]);
    expect(result).toMatchObject({ drift: dec(430), turnover: dec(2300), cashAfter: dec(1500), path: "cash-search" });
    expect(solve({ minCashFraction: dec("0.14") }).cashAfter.gte(1498)).toBe(true);
  });

  it("only invests cash under buy_only and only raises cash under sell_only", () => {
    expect(trades(solve({ mode: "buy_only" }))).toEqual(["BUY AAA 18"]);
    const sellOnly = solve({ mode: "sell_only" });
    expect(trades(sellOnly)).toEqual(["SELL BBB 10", "SELL OLD 20"]);
    expect(sellOnly.cashAfter).toEqual(dec(2900));
  });

  it("never trades against a restriction, and a restriction relaxes the band to today's position", () => {
    expect(trades(solve({ restrictions: { OLD: "no_sell" } }))).toEqual(["BUY AAA 18", "SELL BBB 10"]);
    expect(trades(solve({ restrictions: { AAA: "no_trade", OLD: "no_buy" } }))).toEqual(["SELL BBB 10", "SELL OLD 20"]);
    // AAA at 3,000 is below its band (4,280): no_buy keeps it there instead of making the problem infeasible.
    expect(trades(solve({ restrictions: { AAA: "no_buy" } }))).toEqual(["SELL BBB 10", "SELL OLD 20"]);
  });

  it("trades whole lots, except when closing a position", () => {
    const result = solve({ lotSizes: { AAA: 10, OLD: 7 } });
    expect(trades(result)).toEqual(["BUY AAA 20", "SELL BBB 10", "SELL OLD 20"]);
  });

  it("skips trades worth less than the minimum, except when closing a position", () => {
    expect(trades(solve({ minTradeValue: dec(500) }))).toEqual(["BUY AAA 18", "SELL BBB 13", "SELL OLD 20"]);
    expect(trades(solve({ minTradeValue: dec(600) }))).toEqual(["BUY AAA 18", "SELL BBB 15", "SELL OLD 20"]);
  });

  it("caps the traded value", () => {
    const result = solve({ maxTurnover: dec("0.2") });
    expect(trades(result)).toEqual(["BUY AAA 14", "SELL BBB 6", "SELL OLD 20"]);
    expect(result.turnover).toEqual(dec(2140));
    expect(result.path).toBe("turnover-search");
  });

  it("weighs drift against transaction costs, a security's own rate overriding the default", () => {
    const result = solve({ transactionCostBps: dec(20), transactionCostBpsBySecurity: { BBB: dec(2500) } });
    // Selling BBB now costs 10 per share against 40 of drift: it stops at 121 (tied with 120, less traded).
    expect(trades(result)).toEqual(["BUY AAA 18", "SELL BBB 9", "SELL OLD 20"]);
    expect(result.cost.toFixed()).toBe("94.6");
    expect(result.drift.plus(result.cost).toFixed()).toBe("134.6");
  });
});

describe("infeasibility under options", () => {
  const cause = (options: RebalanceOptions, input = portfolio()) => {
    const result = solveRebalance(input, options);
    expect(result).toMatchObject({ status: "infeasible", outcome: "infeasible", transactions: [] });
    return result.message;
  };

  it("names a cash reserve larger than selling everything sellable can raise", () => {
    expect(cause({ minCash: dec(5000), restrictions: { BBB: "no_sell" } })).toBe(
      "no feasible solution exists: the cash reserve 5000 exceeds the 1200 that selling every sellable security leaves in cash",
    );
  });

  it("names holdings worth more than the market value at their lowest allowed quantities", () => {
    const input = instance("-3000", [position("AAA", 100, "100", "0.5", "0.1", "0.1")]);
    expect(cause({ mode: "buy_only" }, input)).toBe(
      "no feasible solution exists: even at their lowest allowed quantities the securities are worth 10000, more than the market value 7000",
    );
  });

  it("names a lot size, a minimum trade or a restriction that leaves no allowed quantity in a band", () => {
    // AAA must reach 43–53 shares from 30: lots of 25 jump from 30 to 55.
    expect(cause({ lotSizes: { AAA: 25 } })).toBe(
      "no feasible solution exists: the lot size 25 of AAA makes its band unreachable",
    );
    // MV 200: A must buy 1 share (10) to reach its band, B must sell 1.
    const narrow = instance("0", [position("A", 9, "10", "0.5", "0.01", "0.01"), position("B", 11, "10", "0.5")]);
    expect(cause({ minTradeValue: dec(100) }, narrow)).toBe(
      "no feasible solution exists: the minimum trade value 100 makes the band of A unreachable",
    );
    expect(cause({ minTradeValue: dec(100), lotSizes: { A: 3 } }, narrow)).toBe(
      "no feasible solution exists: the lot size 3 of A and the minimum trade value 100 make its band unreachable",
    );
    const short = instance("1000", [position("A", -2, "10", "0.5", "0.1", "0.1")]);
    expect(cause({ restrictions: { A: "no_buy" } }, short)).toBe(
      "no feasible solution exists: A is restricted to no_buy and holds -2 shares, so no allowed quantity lies in its band",
    );
  });

  it("names a turnover cap below what reaching the bands needs", () => {
    expect(cause({ maxTurnover: dec("0.05") })).toBe(
      "no feasible solution exists: reaching the allowed quantities trades at least 1800, more than the turnover cap 535",
    );
  });

  it("keeps the bare message when the plain problem is already infeasible", () => {
    const input = instance("10000", [position("A", 0, "1000", "0.05", "0.01", "0.01")]);
    expect(cause({ mode: "buy_only" }, input)).toBe("no feasible solution exists");
    expect(cause({ minTradeValue: dec(1) }, input)).toBe("no feasible solution exists");
  });
});

describe("fixed securities", () => {
  it("keeps a no_trade position as it is, even short or fractional, and counts its value in the cash", () => {
    const input = instance("1000", [
      position("S", -2, "10", "0.2", "0.1", "0.1"),
      position("F", "1.5", "10", "0.2", "0.1", "0.1"),
      position("A", 0, "10", "0.5", "0.1", "0.1"),
    ]);
    const result = solveRebalance(input, { restrictions: { S: "no_trade", F: "no_trade" } });
    expect(result.positions.map((p) => p.adjustedQuantity.toFixed())).toEqual(["-2", "1.5", "50"]);
    const general = solveRebalance(input, { restrictions: { S: "no_trade", F: "no_trade" }, method: "general" });
    expect(general.positions.map((p) => p.adjustedQuantity.toFixed())).toEqual(["-2", "1.5", "50"]);
    const frozen = solveRebalance(input, {
      mode: "buy_only",
      restrictions: { A: "no_buy", S: "no_trade", F: "no_sell" },
    });
    // F may not sell: it buys up to its target (19.9 shares) from 1.5; A and S may not trade at all.
    expect(frozen.transactions).toEqual([{ transactionType: "BUY", securityId: "F", quantity: dec("18.5") }]);
  });

  it("answers a portfolio where nothing may trade by the general model as well", () => {
    const input = instance("100", [position("A", 3, "10", "0.5", "0.1", "0.1")]);
    const result = solveRebalance(input, { restrictions: { A: "no_trade" }, method: "general" });
    expect(result).toMatchObject({ status: "optimal", transactions: [], path: "general" });
  });

  it("refuses a price that is not positive", () => {
    expect(() => solveRebalance(instance("100", [position("A", 1, "0", "0.5")]), { minCash: dec(1) })).toThrow(
      "the price of A must be greater than 0",
    );
  });
});
