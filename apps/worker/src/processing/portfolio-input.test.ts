import { describe, expect, it } from "vitest";
import { Dec } from "@ogs/domain";
import { loadPortfolioInput, unionOfSecurities } from "./portfolio-input.js";
import type { RebalanceClients } from "./ports.js";

const model = [
  { securityId: "B".repeat(24), target: new Dec("0.3"), lowDrift: new Dec("0.01"), highDrift: new Dec("0.02") },
  { securityId: "A".repeat(24), target: new Dec("0.2"), lowDrift: new Dec("0.01"), highDrift: new Dec("0.01") },
];

describe(unionOfSecurities.name, () => {
  it("keeps the model order, then adds held-only securities by id with zero target and drifts", () => {
    const summary = {
      portfolioId: "P".repeat(24),
      cash: new Dec("100"),
      holdings: [
        { securityId: "Z".repeat(24), quantity: new Dec("5") },
        { securityId: "A".repeat(24), quantity: new Dec("-2") },
        { securityId: "C".repeat(24), quantity: new Dec("1.5") },
      ],
    };
    const union = unionOfSecurities(summary, model);
    expect(union.map((p) => p.securityId)).toEqual(["B".repeat(24), "A".repeat(24), "C".repeat(24), "Z".repeat(24)]);
    expect(union[0]!.quantity.toString()).toBe("0");
    expect(union[1]!.quantity.toString()).toBe("-2");
    expect(union[2]).toMatchObject({ target: new Dec(0), lowDrift: new Dec(0), highDrift: new Dec(0) });
  });

  it("treats a portfolio unknown to accounting (404) as holding nothing", () => {
    const union = unionOfSecurities(null, model);
    expect(union.every((p) => p.quantity.isZero())).toBe(true);
    expect(union).toHaveLength(2);
  });
});

describe(loadPortfolioInput.name, () => {
  it("takes cached prices as they are and looks up only the others, each at its position", async () => {
    const [a, b, c] = ["A", "B", "C"].map((letter) => letter.repeat(24)) as [string, string, string];
    const cached = new Map([[b, new Dec("2.5")]]);
    const looked: string[] = [];
    const clients: RebalanceClients = {
      accounting: {
        getPortfolioSummary: (portfolioId) =>
          Promise.resolve({ portfolioId, cash: new Dec("10"), holdings: [{ securityId: c, quantity: new Dec("1") }] }),
      },
      portfolio: { getPortfolioName: () => Promise.resolve(undefined) },
      cachedPriceOf: (securityId) => cached.get(securityId),
      priceOf: (securityId) => {
        looked.push(securityId);
        return Promise.resolve(new Dec(securityId === a ? "1" : "3"));
      },
    };
    const input = await loadPortfolioInput(clients, "P".repeat(24), [model[1]!, { ...model[0]!, securityId: b }], 4);
    expect(looked.sort()).toEqual([a, c]);
    expect(input.positions.map((p) => [p.securityId, p.price.toString()])).toEqual([
      [a, "1"],
      [b, "2.5"],
      [c, "3"],
    ]);
    expect(input.cash.toString()).toBe("10");
  });
});
