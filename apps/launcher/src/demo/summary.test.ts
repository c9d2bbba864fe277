import { describe, expect, it } from "vitest";
import { Dec } from "@ogs/domain";
import { driftShare, formatSummary, type DemoPortfolio } from "./summary.js";

const portfolio: DemoPortfolio = {
  portfolio_id: "P00000000000000000000001",
  portfolio_name: "Growth",
  status: "completed",
  error: null,
  market_value: 1000,
  cash_before_rebalance: 1000,
  cash_after_rebalance: 100,
  positions: [
    { target: 0.5, original_position_market_value: 0, adjusted_position_market_value: 500, transaction_type: "BUY" },
    { target: 0.4, original_position_market_value: 0, adjusted_position_market_value: 400, transaction_type: "BUY" },
  ],
};

describe("driftShare", () => {
  it("is Σ|MV·t − value| / MV", () => {
    expect(driftShare(portfolio.positions, new Dec(1000), (p) => p.original_position_market_value).toFixed()).toBe(
      "0.9",
    );
    expect(driftShare(portfolio.positions, new Dec(1000), (p) => p.adjusted_position_market_value).toFixed()).toBe("0");
  });

  it("is 0 when there is no market value", () => {
    expect(driftShare(portfolio.positions, new Dec(0), (p) => p.original_position_market_value).toFixed()).toBe("0");
  });
});

describe("formatSummary", () => {
  it("shows market value, cash before and after, trades and drift before and after per portfolio", () => {
    const text = formatSummary([
      portfolio,
      {
        ...portfolio,
        portfolio_name: "Small",
        status: "infeasible",
        error: "no feasible solution exists",
        cash_after_rebalance: 1000,
        positions: [],
      },
    ]);
    expect(text).toContain("Growth");
    expect(text).toMatch(/1000\.00\s+1000\.00\s+100\.00\s+2 buy \/ 0 sell\s+90\.00 % → 0\.00 %/);
    expect(text).toContain("infeasible: no feasible solution exists");
    expect(text).toContain("mean drift 90.00 % before, 0.00 % after");
  });

  it("shows a whole portfolio name, and marks a name cut for width with an ellipsis", () => {
    const text = formatSummary([
      { ...portfolio, portfolio_name: "Strategic Opportunities Fund 18" },
      { ...portfolio, portfolio_name: "A portfolio name that is far too long to fit in the column" },
    ]);
    expect(text).toContain("Strategic Opportunities Fund 18 ");
    expect(text).toContain("A portfolio name that is far too long t…");
  });
});
