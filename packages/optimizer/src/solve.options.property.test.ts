// Property tests of the trading options: exhaustive enumeration as an independent exact oracle, and the
// general HiGHS model against the fast paths on many random instances (README "Trading constraints").
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeMarketValue } from "@ogs/domain";
import { enumerateWithOptions } from "../test-support/oracle.js";
import { optionCase, type OptionCase } from "../test-support/random-options.js";
import { buildFormulation } from "./formulation.js";
import { objectiveTerms } from "./objective.js";
import { solvePathCounts, solveRebalance, type RebalanceSolution } from "./solve.js";
import { verifyFormulation } from "./verify.js";

/** `OPTIMIZER_PROPERTY_RUNS=100000 npx vitest run …` turns the general-vs-fast property into a soak. */
const RUNS = Number(process.env.OPTIMIZER_PROPERTY_RUNS ?? 10_000);

function termsOf({ input, options }: OptionCase, result: RebalanceSolution) {
  const formulation = buildFormulation(input, computeMarketValue(input), options);
  const quantities = result.positions.map((p) => p.adjustedQuantity);
  verifyFormulation(formulation, quantities);
  return objectiveTerms(formulation, quantities);
}

describe("solveRebalance with trading options", () => {
  it("agrees with exhaustive enumeration: feasibility, exact re-check, objective and tie-break", () => {
    fc.assert(
      fc.property(optionCase(4), (c) => {
        const marketValue = computeMarketValue(c.input);
        const oracle = enumerateWithOptions(c.input, marketValue, c.options, 20_000);
        fc.pre(oracle !== undefined && marketValue.gt(0));
        const result = solveRebalance(c.input, c.options);
        expect(result.status).toBe(oracle?.feasible ? "optimal" : "infeasible");
        if (result.status !== "optimal" || !oracle) return;
        const terms = termsOf(c, result);
        expect(terms.objective.toFixed()).toBe(oracle.objective.toFixed());
        expect(terms.secondary.toFixed()).toBe(oracle.trade.toFixed());
        expect(result.drift.plus(result.cost).toFixed()).toBe(oracle.objective.toFixed());
        expect(result.turnover.toFixed()).toBe(terms.turnover.toFixed());
      }),
      { numRuns: 1_000, seed: 14 },
    );
  }, 120_000);

  // Four tests of a quarter each, run in chunks of 250 (seeds derived from the test's), yielding in between
  // so the test runner's worker stays responsive during a long run.
  const before = solvePathCounts();
  let optimal = 0;
  const CHUNK = 250;
  const agreeWithGeneral = (c: OptionCase) => {
    const fast = solveRebalance(c.input, c.options);
    const general = solveRebalance(c.input, { ...c.options, method: "general" });
    expect(fast.status).toBe(general.status);
    expect(fast.message).toBe(general.message);
    if (fast.status !== "optimal") return;
    optimal += 1;
    const ours = termsOf(c, fast);
    const reference = termsOf(c, general);
    expect(ours.objective.toFixed()).toBe(reference.objective.toFixed());
    expect(ours.secondary.toFixed()).toBe(reference.secondary.toFixed());
  };
  for (const seed of [15, 16, 17, 18]) {
    it(`agrees with the general HiGHS model on ${RUNS / 4} random instances (seed ${seed})`, async () => {
      for (let chunk = 0; chunk < RUNS / 4 / CHUNK; chunk += 1) {
        fc.assert(fc.property(optionCase(4), agreeWithGeneral), { numRuns: CHUNK, seed: seed * 10_000 + chunk });
        await new Promise((resolve) => setImmediate(resolve));
      }
    }, 600_000);
  }

  it(`solved a good share of those ${RUNS} instances by every fast path and the core search`, () => {
    const after = solvePathCounts();
    const used = (path: keyof typeof after) => after[path] - before[path];
    expect(optimal).toBeGreaterThan(RUNS * 0.4);
    expect(used("separable")).toBeGreaterThan(RUNS * 0.25);
    expect(used("cash-search")).toBeGreaterThan(RUNS * 0.02);
    expect(used("turnover-search")).toBeGreaterThan(RUNS * 0.005);
    expect(used("core-search")).toBeGreaterThan(RUNS * 0.002);
    // Every optimal instance was also solved by the general model, plus the fast paths' fallbacks.
    expect(used("general")).toBeGreaterThanOrEqual(optimal);
  });
});
