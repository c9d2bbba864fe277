import { describe, expect, it } from "vitest";
import { Dec, type RebalanceInput } from "@ogs/domain";
import { solvedOutcome, utcTradeDate } from "./stored-result.js";

const input: RebalanceInput = {
  cash: new Dec("1000"),
  positions: [
    {
      securityId: "SEC000000000000000000001",
      quantity: new Dec("10"),
      price: new Dec("10"),
      target: new Dec("0.5"),
      lowDrift: new Dec("0.1"),
      highDrift: new Dec("0.1"),
    },
  ],
};

describe(utcTradeDate.name, () => {
  it("uses the UTC calendar date", () => {
    expect(utcTradeDate(new Date("2025-03-31T23:30:00-05:00"))).toBe("2025-04-01");
  });
});

describe(solvedOutcome.name, () => {
  it("stores the optimum's quantities as the facts of a completed portfolio", () => {
    const result = {
      status: "optimal" as const,
      outcome: "optimal" as const,
      marketValue: new Dec(1100),
      solveMs: 1,
      adjustedQuantities: [new Dec(55)],
    };
    expect(solvedOutcome(input, result, "Fund", "2026-12-04")).toEqual({
      status: "completed",
      portfolioName: "Fund",
      cash: input.cash,
      tradeDate: "2026-12-04",
      positions: [
        {
          securityId: "SEC000000000000000000001",
          price: new Dec(10),
          quantity: new Dec(10),
          adjustedQuantity: new Dec(55),
        },
      ],
    });
  });

  it("stores today's quantities and the reason for an infeasible portfolio", () => {
    const result = {
      status: "infeasible" as const,
      outcome: "infeasible" as const,
      message: "no feasible solution exists",
      marketValue: new Dec(1100),
      solveMs: 1,
      adjustedQuantities: [new Dec(10)],
    };
    expect(solvedOutcome(input, result, "Fund", "2026-12-04")).toMatchObject({
      status: "infeasible",
      error: "no feasible solution exists",
      positions: [{ adjustedQuantity: new Dec(10) }],
    });
  });

  it("refuses an answer whose quantities do not match the input's positions one for one", () => {
    const result = {
      status: "optimal" as const,
      outcome: "optimal" as const,
      marketValue: new Dec(1100),
      solveMs: 1,
      adjustedQuantities: [new Dec(55), new Dec(1)],
    };
    expect(() => solvedOutcome(input, result, "Fund", "2026-12-04")).toThrow(/2 quantities for 1/);
  });
});
