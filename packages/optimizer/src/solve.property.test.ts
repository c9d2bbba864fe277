// Property tests: the optimizer agrees with exhaustive enumeration on small instances.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Dec, computeMarketValue } from "@ogs/domain";
import type { RebalanceInput } from "@ogs/domain";
import { dec, enumerateOptimum, instance, position } from "../test-support/oracle.js";
import { planSecurities } from "./separable.js";
import { searchMethodCounts } from "./search.js";
import { solveRebalance, type SolveOptions } from "./solve.js";
import { verifySolution } from "./verify.js";

/**
 * Small instances: ≤ 4 securities, prices 2–40 with cents (or, with `tiedPrices`, from a set of five
 * round prices, so equal drifts abound), quantities −2..6, drift bands up to 0.15.
 */
function smallInstance(targetStep: number, tiedPrices = false): fc.Arbitrary<RebalanceInput> {
  const security = fc.record({
    quantity: fc.integer({ min: -2, max: 6 }),
    priceCents: tiedPrices ? fc.constantFrom(250, 500, 1000, 1250, 2000) : fc.integer({ min: 200, max: 4000 }),
    target: fc.integer({ min: 0, max: Math.round(0.5 / targetStep) }),
    low: fc.integer({ min: 0, max: 15 }),
    high: fc.integer({ min: 0, max: 15 }),
  });
  return fc
    .record({
      cash: fc.integer({ min: -2000, max: 20000 }),
      securities: fc.array(security, { minLength: 1, maxLength: 4 }),
    })
    .map(({ cash, securities }) =>
      instance(
        new Dec(cash).div(100).toFixed(),
        securities.map((s, i) =>
          position(
            `S${i}`,
            s.quantity,
            new Dec(s.priceCents).div(100).toFixed(),
            new Dec(s.target).times(targetStep).toFixed(),
            new Dec(s.low).div(100).toFixed(),
            new Dec(s.high).div(100).toFixed(),
          ),
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

function checkAgainstOracle(input: RebalanceInput, options: SolveOptions = {}): boolean {
  const marketValue = computeMarketValue(input);
  const oracle = enumerateOptimum(input, marketValue);
  fc.pre(oracle !== undefined && marketValue.gt(0));
  const result = solveRebalance(input, options);
  expect(result.status).toBe(oracle?.feasible ? "optimal" : "infeasible");
  if (result.status === "optimal" && oracle) {
    const quantities = result.positions.map((p) => p.adjustedQuantity);
    verifySolution(input, marketValue, quantities);
    expect(result.drift.toFixed()).toBe(oracle.drift.toFixed());
    const traded = result.positions.reduce(
      (sum, p) => sum.plus(p.adjustedQuantity.minus(p.originalQuantity).abs()),
      dec(0),
    );
    expect(traded.toFixed()).toBe(oracle.trade.toFixed());
  }
  return true;
}

describe("solveRebalance against exhaustive enumeration", () => {
  it("finds the same optimal drift and least trading on model-like instances (targets multiples of 0.005)", () => {
    fc.assert(
      fc.property(smallInstance(0.005), (input) => checkAgainstOracle(input)),
      { numRuns: 300, seed: 4 },
    );
  }, 60_000);

  const targetsNearOne = (input: RebalanceInput) =>
    input.positions.reduce((sum, p) => sum.plus(p.target), dec(0)).gte(0.9);

  it("finds the same optimum when the cash row binds (targets summing near or above 1), by branch-and-bound", () => {
    const before = searchMethodCounts();
    fc.assert(
      fc.property(smallInstance(0.05).filter(targetsNearOne), (input) => checkAgainstOracle(input)),
      { numRuns: 1000, seed: 44 },
    );
    const after = searchMethodCounts();
    expect(after["branch-and-bound"] - before["branch-and-bound"]).toBeGreaterThan(150);
    expect(after.highs).toBe(before.highs);
  }, 120_000);

  it("finds the same optimum and least trading among tied drifts when the cash row binds", () => {
    const before = searchMethodCounts();
    fc.assert(
      fc.property(smallInstance(0.05, true).filter(targetsNearOne), (input) => checkAgainstOracle(input)),
      { numRuns: 1000, seed: 45 },
    );
    expect(searchMethodCounts()["branch-and-bound"] - before["branch-and-bound"]).toBeGreaterThan(150);
  }, 120_000);

  it("finds the same optimum through the HiGHS fallback when the branch-and-bound gives up at once", () => {
    const before = searchMethodCounts();
    fc.assert(
      fc.property(smallInstance(0.05, true).filter(targetsNearOne), (input) =>
        checkAgainstOracle(input, { nodeBudget: 1 }),
      ),
      { numRuns: 300, seed: 46 },
    );
    expect(searchMethodCounts().highs - before.highs).toBeGreaterThan(20);
  }, 120_000);

  it("exercises the search on a good share of the cash-bound instances", () => {
    const samples = fc.sample(smallInstance(0.05).filter(targetsNearOne), { numRuns: 300, seed: 44 });
    const searched = samples.filter(usesSearch).length;
    expect(searched).toBeGreaterThan(30);
  });
});
