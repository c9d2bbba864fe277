import { describe, expect, it } from "vitest";
import { Dec } from "@ogs/domain";
import { unionOfSecurities } from "./portfolio-input.js";

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
