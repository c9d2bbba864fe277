// solveRebalanceQuantities (the worker's lean answer) is the same solve as solveRebalance without the derived
// figures: on random instances with and without trading options, and on the untraded outcomes, its answer is
// exactly quantitiesOf(solveRebalance(…)) — status, outcome, message, market value and every quantity.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RebalanceInput } from "@ogs/domain";
import { instance, position } from "../test-support/oracle.js";
import { optionCase } from "../test-support/random-options.js";
import { quantitiesOf, type SolvedQuantities } from "./quantities-wire.js";
import { solveRebalance, solveRebalanceQuantities, solveRebalanceQuantitiesFast, type SolveOptions } from "./solve.js";

/** Everything but the time the solve took, as text (exact digits). */
function comparable({ solveMs: _, ...rest }: SolvedQuantities) {
  return {
    ...rest,
    marketValue: rest.marketValue.toFixed(),
    adjustedQuantities: rest.adjustedQuantities.map((q) => q.toFixed()),
  };
}

function expectSame(input: RebalanceInput, options: SolveOptions = {}): void {
  expect(comparable(solveRebalanceQuantities(input, options))).toEqual(
    comparable(quantitiesOf(input, solveRebalance(input, options))),
  );
}

describe("solveRebalanceQuantities", () => {
  it("answers exactly the quantities, status, outcome and message of solveRebalance (random options)", () => {
    fc.assert(
      fc.property(optionCase(4), ({ input, options }) => expectSame(input, options)),
      { numRuns: 1_000, seed: 16 },
    );
  });

  it("answers in place by the fast paths only: where it answers, exactly solveRebalanceQuantities's answer", () => {
    let answered = 0;
    let declined = 0;
    fc.assert(
      fc.property(optionCase(4), ({ input, options }) => {
        const fast = solveRebalanceQuantitiesFast(input, { ...options, timeLimitMs: 60_000 });
        if (fast === undefined) declined += 1;
        else {
          answered += 1;
          expect(comparable(fast)).toEqual(comparable(solveRebalanceQuantities(input, options)));
        }
      }),
      { numRuns: 1_000, seed: 17 },
    );
    // Both branches are exercised: most cases are proven by a fast path, some need the other searches.
    expect(answered).toBeGreaterThan(500);
    expect(declined).toBeGreaterThan(0);
  });

  it("answers nothing_to_rebalance with the original's message when the market value is not positive", () => {
    const overdrawn = instance("-5000", [position("SEC1", 10, 100, "0.5", "0.05", "0.05")]);
    const answer = solveRebalanceQuantities(overdrawn);
    expect(answer.outcome).toBe("nothing_to_rebalance");
    expect(answer.message).toMatch(/^nothing to rebalance: market value -4000 is not positive$/);
    expectSame(overdrawn);
  });

  it("names an option's cause of infeasibility as solveRebalance does", () => {
    // SEC1 is outside the model (target 0) and buy-only may not sell it; SEC2's band needs 8,900 more.
    const held = instance(0, [position("SEC1", 100, 100, 0), position("SEC2", 0, 100, "0.9", "0.01", "0.01")]);
    const answer = solveRebalanceQuantities(held, { mode: "buy_only" });
    expect(answer.status).toBe("infeasible");
    expect(answer.message).toMatch(/^no feasible solution exists: /);
    expect(answer.adjustedQuantities.map((q) => q.toFixed())).toEqual(["100", "0"]);
    expectSame(held, { mode: "buy_only" });
    expect(answer.marketValue.toFixed()).toBe("10000");
  });
});
