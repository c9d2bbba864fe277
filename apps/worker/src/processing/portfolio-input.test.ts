import { describe, expect, it } from "vitest";
import { Dec } from "@ogs/domain";
import { unionOfSecurities } from "./portfolio-input.js";
import { mapLimited } from "./map-limited.js";

const model = [
  { security_id: "B".repeat(24), target: new Dec("0.3"), low_drift: new Dec("0.01"), high_drift: new Dec("0.02") },
  { security_id: "A".repeat(24), target: new Dec("0.2"), low_drift: new Dec("0.01"), high_drift: new Dec("0.01") },
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

describe(mapLimited.name, () => {
  it("keeps the input order and never runs more than the limit at once", async () => {
    let inFlight = 0;
    let peak = 0;
    const result = await mapLimited([5, 1, 4, 2, 3], 2, async (n) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, n));
      inFlight -= 1;
      return n * 10;
    });
    expect(result).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });

  it("rejects with the first failure and starts no further items", async () => {
    const seen: number[] = [];
    await expect(
      mapLimited([1, 2, 3, 4], 1, async (n) => {
        seen.push(n);
        if (n === 2) throw new Error("boom");
        return n;
      }),
    ).rejects.toThrow("boom");
    expect(seen).toEqual([1, 2]);
  });
});
