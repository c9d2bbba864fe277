// Property tests: the optimizer agrees with exhaustive enumeration on small instances (issue 4, acceptance 1).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Dec, computeMarketValue } from "@ogs/domain";
import type { RebalanceInput } from "@ogs/domain";
import { dec, enumerateOptimum, instance, position } from "../test-support/oracle.js";
import { planSecurities } from "./separable.js";
import { solveRebalance } from "./solve.js";
import { verifySolution } from "./verify.js";

/** Small instances: ≤ 4 securities, prices 2–40 with cents, quantities −2..6, drift bands up to 0.15. */
function smallInstance(targetStep: number): fc.Arbitrary<RebalanceInput> {
  const security = fc.record({
    quantity: fc.integer({ min: -2, max: 6 }),
    priceCents: fc.integer({ min: 200, max: 4000 }),
    target: fc.integer({ min: 0, max: Math.round(0.5 / targetStep) }),
    low: fc.integer({ min: 0, max: 15 }),
    high: fc.integer({ min: 0, max: 15 }),
  });
  return fc
    .record({ cash: fc.integer({ min: -2000, max: 20000 }), securities: fc.array(security, { minLength: 1, maxLength: 4 }) })
    .map(({ cash, securities }) =>
      instance(
        new Dec(cash).div(100).toFixed(),
        securities.map((s, i) =>
          position(`S${i}`, s.quantity, new Dec(s.priceCents).div(100).toFixed(), new Dec(s.target).times(targetStep).toFixed(), new Dec(s.low).div(100).toFixed(), new Dec(s.high).div(100).toFixed()),
        ),
      ),
    );
}

function usesSearch(input: RebalanceInput): boolean {
  const marketValue = computeMarketValue(input);
  if (marketValue.lte(0)) return false;
  const plan = planSecurities(input, marketValue);
  if (!plan.feasible) return false;
  const spend = plan.plans.reduce((sum, p, i) => sum.plus(p.best.times(input.positions[i]?.price ?? 0)), new Dec(0));
  return spend.gt(marketValue);
}

function checkAgainstOracle(input: RebalanceInput): boolean {
  const marketValue = computeMarketValue(input);
  const oracle = enumerateOptimum(input, marketValue);
  fc.pre(oracle !== undefined && marketValue.gt(0));
  const result = solveRebalance(input);
  expect(result.status).toBe(oracle?.feasible ? "optimal" : "infeasible");
  if (result.status === "optimal" && oracle) {
    const quantities = result.positions.map((p) => p.adjustedQuantity);
    verifySolution(input, marketValue, quantities);
    expect(result.drift.toFixed()).toBe(oracle.drift.toFixed());
    const traded = result.positions.reduce((sum, p) => sum.plus(p.adjustedQuantity.minus(p.originalQuantity).abs()), dec(0));
    expect(traded.toFixed()).toBe(oracle.trade.toFixed());
  }
  return true;
}

describe("solveRebalance against exhaustive enumeration", () => {
  it("finds the same optimal drift and least trading on model-like instances (targets multiples of 0.005)", () => {
    fc.assert(fc.property(smallInstance(0.005), checkAgainstOracle), { numRuns: 300, seed: 4 });
  }, 60_000);

  it("finds the same optimum when the cash row binds (targets summing near or above 1)", () => {
    const tight = smallInstance(0.05).filter((input) => input.positions.reduce((sum, p) => sum.plus(p.target), dec(0)).gte(0.9));
    fc.assert(fc.property(tight, checkAgainstOracle), { numRuns: 300, seed: 44 });
  }, 60_000);

  it("exercises the HiGHS search on a good share of the cash-bound instances", () => {
    const tight = smallInstance(0.05).filter((input) => input.positions.reduce((sum, p) => sum.plus(p.target), dec(0)).gte(0.9));
    const samples = fc.sample(tight, { numRuns: 300, seed: 44 });
    const searched = samples.filter(usesSearch).length;
    expect(searched).toBeGreaterThan(30);
  });
});
