// Property tests of the trading options: exhaustive enumeration as an independent exact oracle, and the
// general HiGHS model against the fast paths on many random instances (README "Trading constraints").
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Dec, computeMarketValue } from "@ogs/domain";
import type { RebalanceOptions } from "@ogs/domain";
import { enumerateWithOptions } from "../test-support/oracle.js";
import { optionCase, type OptionCase } from "../test-support/random-options.js";
import { buildFormulation } from "./formulation.js";
import { objectiveTerms } from "./objective.js";
import { planFormulation } from "./separable.js";
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

  /**
   * The shape the options benchmark's "all together" mix left unproven: every security on a round lot, a
   * minimum trade (a hole in front of each holding), one shared cost rate, and a turnover cap that the
   * separable optimum breaks by `squeeze` % — the turnover search's exact fill over lots with gaps.
   */
  const lotTurnoverCase = fc
    .record({
      c: optionCase(4),
      lots: fc.array(fc.constantFrom(2, 3, 5, 10), { minLength: 4, maxLength: 4 }),
      minimumCents: fc.integer({ min: 1, max: 2000 }),
      bps: fc.constantFrom(0, 0, 10),
      squeeze: fc.integer({ min: 1, max: 60 }),
    })
    .map(({ c, lots, minimumCents, bps, squeeze }): OptionCase => {
      const options: RebalanceOptions = { minTradeValue: new Dec(minimumCents).div(100) };
      options.lotSizes = Object.fromEntries(c.input.positions.map((p, i) => [p.securityId, lots[i] as number]));
      if (bps > 0) options.transactionCostBps = new Dec(bps);
      const marketValue = computeMarketValue(c.input);
      if (marketValue.lte(0)) return { input: c.input, options };
      const formulation = buildFormulation(c.input, marketValue, options);
      const plan = planFormulation(formulation);
      if (!plan.feasible) return { input: c.input, options };
      const turnover = formulation.securities.reduce(
        (sum, term, i) => sum.plus((plan.plans[i]?.best ?? term.current).minus(term.current).abs().times(term.price)),
        new Dec(0),
      );
      options.maxTurnover = turnover.times(100 - squeeze).div(100).div(marketValue).toDecimalPlaces(6, Dec.ROUND_DOWN); // prettier-ignore
      return { input: c.input, options };
    });

  it("agrees with exhaustive enumeration on turnover caps over round lots with minimum-trade holes", () => {
    const before = solvePathCounts()["turnover-search"];
    let optimal = 0;
    fc.assert(
      fc.property(lotTurnoverCase, (c) => {
        const marketValue = computeMarketValue(c.input);
        const oracle = enumerateWithOptions(c.input, marketValue, c.options, 20_000);
        fc.pre(oracle !== undefined && marketValue.gt(0));
        const result = solveRebalance(c.input, c.options);
        expect(result.status).toBe(oracle?.feasible ? "optimal" : "infeasible");
        if (result.status !== "optimal" || !oracle) return;
        optimal += 1;
        const terms = termsOf(c, result);
        expect(terms.objective.toFixed()).toBe(oracle.objective.toFixed());
        expect(terms.secondary.toFixed()).toBe(oracle.trade.toFixed());
      }),
      { numRuns: 1_000, seed: 23 },
    );
    // The shape must reach the turnover search's cover (gaps, exact seeds), not only the other paths.
    expect(optimal).toBeGreaterThan(250);
    expect(solvePathCounts()["turnover-search"] - before).toBeGreaterThan(120);
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
