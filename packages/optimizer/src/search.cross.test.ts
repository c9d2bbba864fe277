// The branch-and-bound against HiGHS on cash-bound instances too large to enumerate.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Dec } from "@ogs/domain";
import type { RebalanceInput, RebalanceResult } from "@ogs/domain";
import { instance, position } from "../test-support/oracle.js";
import { searchMethodCounts } from "./search.js";
import { solveRebalance } from "./solve.js";

/**
 * 8–30 securities, targets summing to 0.95–1 on a 0.005 grid, each price chosen so that MV·t/p is a
 * few shares plus a fraction ≥ 0.55 (so it rounds up), holdings near target, cash = MV − holdings:
 * the overshoots usually outgrow the cash, so the search runs.
 */
const mediumCashBound: fc.Arbitrary<RebalanceInput> = fc
  .record({
    securities: fc.array(
      fc.record({
        weight: fc.integer({ min: 1, max: 20 }),
        shares: fc.integer({ min: 1, max: 8 }),
        fraction: fc.integer({ min: 55, max: 80 }),
        held: fc.integer({ min: -2, max: 2 }),
        band: fc.integer({ min: 2, max: 5 }),
      }),
      { minLength: 8, maxLength: 30 },
    ),
    targetSum: fc.integer({ min: 190, max: 200 }),
    marketValue: fc.integer({ min: 100_000, max: 5_000_000 }),
  })
  .map(({ securities, targetSum, marketValue }) => {
    const weights = securities.reduce((sum, s) => sum + s.weight, 0);
    const units = securities.map((s) => Math.floor((s.weight / weights) * targetSum));
    units[0] = (units[0] as number) + targetSum - units.reduce((a, b) => a + b, 0);
    let invested = new Dec(0);
    const positions = securities.map((s, i) => {
      const target = new Dec(units[i] as number).div(200);
      const price = Dec.max(
        "0.01",
        new Dec(marketValue)
          .times(target)
          .div(new Dec(s.shares).plus(new Dec(s.fraction).div(100)))
          .toDecimalPlaces(2),
      );
      const quantity = Dec.max(0, s.shares + s.held);
      invested = invested.plus(price.times(quantity));
      const band = new Dec(s.band).div(100);
      return position(`S${i}`, quantity.toFixed(), price.toFixed(), target.toFixed(), band.toFixed(), band.toFixed());
    });
    return instance(new Dec(marketValue).minus(invested).toFixed(), positions);
  });

const traded = (result: RebalanceResult) =>
  result.positions.reduce((sum, p) => sum.plus(p.adjustedQuantity.minus(p.originalQuantity).abs()), new Dec(0));

describe("cash-bound search: branch-and-bound against HiGHS", () => {
  it("proves the same drift and the same least trading as the two HiGHS stages", () => {
    const before = searchMethodCounts();
    fc.assert(
      fc.property(mediumCashBound, (input) => {
        const ours = solveRebalance(input);
        const highs = solveRebalance(input, { nodeBudget: 0 });
        expect(ours.status).toBe(highs.status);
        expect(ours.drift.toFixed()).toBe(highs.drift.toFixed());
        expect(traded(ours).toFixed()).toBe(traded(highs).toFixed());
      }),
      { numRuns: 80, seed: 12 },
    );
    const after = searchMethodCounts();
    expect(after["branch-and-bound"] - before["branch-and-bound"]).toBeGreaterThan(40);
  }, 120_000);
});
