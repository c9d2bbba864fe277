// Named edge cases and the derived fields of SPEC §5.2.
import { describe, expect, it } from "vitest";
import { computeMarketValue } from "@ogs/domain";
import { dec, enumerateOptimum, instance, position } from "../test-support/oracle.js";
import { breakCurrentInstanceForTest, runtimeReplacements, spareReady } from "./highs-runtime.js";
import { solveRebalance } from "./solve.js";

const cashBound = () =>
  instance("0", [
    position("A", 3, "100", "0.4", "0.4", "0.4"),
    position("B", 1, "100", "0.4", "0.4", "0.4"),
    position("C", 0, "100", "0.2", "0.2", "0.4"),
  ]);
const quantities = (result: ReturnType<typeof solveRebalance>) =>
  result.positions.map((p) => p.adjustedQuantity.toFixed());

describe("solveRebalance edge cases", () => {
  it("invests an all-cash portfolio in the model", () => {
    const result = solveRebalance(
      instance("10000", [
        position("A", 0, "100", "0.5", "0.05", "0.05"),
        position("B", 0, "40", "0.45", "0.05", "0.05"),
      ]),
    );
    expect(result.status).toBe("optimal");
    expect(quantities(result)).toEqual(["50", "112"]);
    expect(result.transactions).toEqual([
      { transactionType: "BUY", securityId: "A", quantity: dec(50) },
      { transactionType: "BUY", securityId: "B", quantity: dec(112) },
    ]);
    expect(result.cashAfter.toFixed()).toBe("520");
    expect(result.drift.toFixed()).toBe("20");
  });

  it("reports nothing to rebalance for an empty portfolio (market value 0)", () => {
    const result = solveRebalance(instance("0", [position("A", 0, "100", "0.5", "0.05", "0.05")]));
    expect(result).toMatchObject({ status: "infeasible", outcome: "nothing_to_rebalance", transactions: [] });
    expect(result.message).toBe("nothing to rebalance: market value 0 is not positive");
    expect(result.positions[0]?.actual.toFixed()).toBe("0");
  });

  it("reports nothing to rebalance when the overdraft exceeds the holdings", () => {
    const result = solveRebalance(instance("-500", [position("A", 2, "100", "0.5", "0.05", "0.05")]));
    expect(result.outcome).toBe("nothing_to_rebalance");
    expect(result.marketValue.toFixed()).toBe("-300");
  });

  it("accepts negative cash and ends with non-negative cash", () => {
    const result = solveRebalance(instance("-500", [position("A", 100, "100", "0.9", "0.1", "0.1")]));
    expect(result.status).toBe("optimal");
    expect(result.marketValue.toFixed()).toBe("9500");
    expect(quantities(result)).toEqual(["86"]);
    expect(result.cashAfter.toFixed()).toBe("900");
    expect(result.transactions).toEqual([{ transactionType: "SELL", securityId: "A", quantity: dec(14) }]);
  });

  it("covers a short holding with a buy", () => {
    const result = solveRebalance(instance("2000", [position("A", -5, "100", "0.5", "0.05", "0.05")]));
    expect(result.marketValue.toFixed()).toBe("1500");
    // 7.5 shares is the target: 7 and 8 tie on drift, 7 trades less (12 shares instead of 13).
    expect(result.transactions).toEqual([{ transactionType: "BUY", securityId: "A", quantity: dec(12) }]);
    expect(result.positions[0]?.originalPositionMarketValue.toFixed()).toBe("-500");
  });

  it("sells a held security that is not in the model down to zero", () => {
    const result = solveRebalance(
      instance("0", [position("OLD", 10, "50", 0), position("A", 0, "25", "0.9", "0.05", "0.05")]),
    );
    expect(quantities(result)).toEqual(["0", "18"]);
    expect(result.transactions[0]).toEqual({ transactionType: "SELL", securityId: "OLD", quantity: dec(10) });
    expect(result.positions[0]).toMatchObject({ transactionType: "SELL", actualDrift: dec(0) });
  });

  it("reports no feasible solution when a band is too narrow for the price", () => {
    const result = solveRebalance(instance("10000", [position("A", 0, "1000", "0.05", "0.01", "0.01")]));
    expect(result).toMatchObject({
      status: "infeasible",
      outcome: "infeasible",
      message: "no feasible solution exists",
      transactions: [],
    });
  });

  it("reports no feasible solution when the bands' floors need more than the market value", () => {
    const result = solveRebalance(
      instance("1000", [position("A", 0, "10", "0.6", "0.05", "0.4"), position("B", 0, "10", "0.6", "0.05", "0.4")]),
    );
    expect(result.outcome).toBe("infeasible");
  });

  it("solves prices of 0.05 and 10,000 in one portfolio", () => {
    const input = instance("1000000", [
      position("PENNY", 0, "0.05", "0.45", "0.02", "0.02"),
      position("BIG", 0, "10000", "0.5", "0.02", "0.02"),
    ]);
    const result = solveRebalance(input);
    expect(quantities(result)).toEqual(["9000000", "50"]);
    expect(result.drift.toFixed()).toBe("0");
  });

  it("solves a market value of 10^9 exactly", () => {
    const input = instance("1000000000", [
      position("A", 0, "333.33", "0.3", "0.01", "0.01"),
      position("B", 0, "77.77", "0.3", "0.01", "0.01"),
      position("C", 0, "1234.5", "0.35", "0.01", "0.01"),
    ]);
    const result = solveRebalance(input);
    expect(result.status).toBe("optimal");
    // Nearest whole shares to 900,009.0009, 3,857,528.61 and 283,515.59; the cash row does not bind.
    expect(quantities(result)).toEqual(["900009", "3857529", "283516"]);
    expect(result.cashAfter.gte(0)).toBe(true);
  });

  it("keeps 5 % cash when the targets sum to exactly 0.95", () => {
    const input = instance("10000", [
      position("A", 0, "30", "0.3", "0.05", "0.05"),
      position("B", 0, "70", "0.3", "0.05", "0.05"),
      position("C", 0, "110", "0.35", "0.05", "0.05"),
    ]);
    const result = solveRebalance(input);
    const oracle = enumerateOptimum(input, computeMarketValue(input), 2_000_000);
    expect(result.drift.toFixed()).toBe(oracle?.drift.toFixed());
    expect(result.cashAfter.gte(0)).toBe(true);
  });

  it("breaks a tie toward the current holding (no trade)", () => {
    const held = solveRebalance(instance("100", [position("A", 2, "100", "0.5", "0.5", "0.5")]));
    expect(held.transactions).toEqual([]);
    const less = solveRebalance(instance("200", [position("A", 1, "100", "0.5", "0.5", "0.5")]));
    expect(less.transactions).toEqual([]);
    const none = solveRebalance(instance("300", [position("A", 0, "100", "0.5", "0.5", "0.5")]));
    expect(quantities(none)).toEqual(["1"]);
  });

  it("breaks ties toward the least trading when the cash row binds", () => {
    // MV 400: nearest shares 2, 2, 1 spend 500. Cutting A or B costs 20 of drift each (C costs 60);
    // cutting B leaves it at its current 1 share, so it trades 2 shares in all instead of 4.
    const input = cashBound();
    const result = solveRebalance(input);
    const oracle = enumerateOptimum(input, computeMarketValue(input));
    expect(result.drift.toFixed()).toBe(oracle?.drift.toFixed());
    expect(quantities(result)).toEqual(["2", "1", "1"]);
  });

  it("answers timeout (reported infeasible) when the search has no time left", () => {
    const input = cashBound();
    const result = solveRebalance(input, { timeLimitMs: 0 });
    expect(result).toMatchObject({ status: "infeasible", outcome: "timeout", message: "no feasible solution exists" });
  });

  it("replaces a HiGHS instance that throws and still solves", async () => {
    await spareReady();
    const before = runtimeReplacements();
    breakCurrentInstanceForTest();
    const input = cashBound();
    expect(solveRebalance(input, { nodeBudget: 0 }).status).toBe("optimal");
    expect(runtimeReplacements()).toBe(before + 1);
  });
});
