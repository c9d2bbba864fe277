// The fill search (fill-search.ts) against exhaustive enumeration (test-support/oracle.ts) on small random
// instances of its shape (test-support/random-fill.ts): feasibility, the exact re-check, the optimal objective
// and tie-break, and that the fill search itself proves a good share of them — never a wrong answer.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeMarketValue } from "@ogs/domain";
import { expectOracleOptimum } from "../test-support/expect-optimum.js";
import { enumerateWithOptions } from "../test-support/oracle.js";
import { fillCase } from "../test-support/random-fill.js";
import { solveFill } from "./fill-search.js";
import { buildFormulation } from "./formulation.js";
import { proveInfeasible } from "./infeasibility.js";
import { solveRebalance } from "./solve.js";

describe("solveFill", () => {
  it("finds the optimum and tie-break of exhaustive enumeration on a binding cash row or turnover cap with holes, or gives up", () => {
    const counts = { proven: 0, gaveUp: 0, cases: 0 };
    fc.assert(
      fc.property(fillCase(), ({ input, options }) => {
        const marketValue = computeMarketValue(input);
        fc.pre(marketValue.gt(0));
        const oracle = enumerateWithOptions(input, marketValue, options, 40_000);
        fc.pre(oracle !== undefined);
        counts.cases += 1;
        const formulation = buildFormulation(input, marketValue, options);
        if (proveInfeasible(formulation)) return void expect(oracle?.feasible).toBe(false);
        const outcome = solveFill(formulation, { deadline: performance.now() + 10_000 });
        expect(outcome.kind).not.toBe("timeout");
        if (outcome.kind !== "optimal") {
          counts.gaveUp += 1;
          return;
        }
        expectOracleOptimum(formulation, outcome.quantities, oracle);
        counts.proven += 1;
      }),
      { numRuns: 2_000, seed: 42 },
    );
    // The shape is the fill search's: it must settle a good share itself (most of the rest are infeasible,
    // have the cash row slack, or hold every security at one quantity).
    expect(counts.proven).toBeGreaterThan(counts.cases / 10);
  }, 300_000);

  it("answers through solveRebalance exactly as enumeration does, by the fill search where it applies", () => {
    let filled = 0;
    fc.assert(
      fc.property(fillCase(), ({ input, options }) => {
        const marketValue = computeMarketValue(input);
        fc.pre(marketValue.gt(0));
        const oracle = enumerateWithOptions(input, marketValue, options, 40_000);
        fc.pre(oracle !== undefined);
        const result = solveRebalance(input, options);
        expect(result.status).toBe(oracle?.feasible ? "optimal" : "infeasible");
        if (result.status !== "optimal" || !oracle) return;
        if (result.path === "fill-search") filled += 1;
        const quantities = result.positions.map((p) => p.adjustedQuantity);
        expectOracleOptimum(buildFormulation(input, marketValue, options), quantities, oracle);
      }),
      { numRuns: 2_000, seed: 43 },
    );
    expect(filled).toBeGreaterThan(20);
  }, 300_000);
});
