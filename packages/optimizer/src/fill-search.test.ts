// The fill search on the demo's rebalance with options (README "Trading constraints": `npm run demo` runs
// {"mode": "buy_only", "min_trade_value": "1000"} over a model of 8 securities and portfolios holding ~20 others)
// and on the hand-made case its tie-break argument rules out.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Dec, computeMarketValue } from "@ogs/domain";
import { instance, position } from "../test-support/oracle.js";
import { solveFill } from "./fill-search.js";
import { buildFormulation } from "./formulation.js";
import { parseProblem } from "./instance-format.js";
import { solveRebalance } from "./solve.js";

/** Five of the demo's 30 portfolios (simulator seed 42), in the `npm run solve` format. */
const demo = JSON.parse(readFileSync(new URL("../test-support/demo-fill-instances.json", import.meta.url), "utf8")) as {
  demo_index: number;
  instance: unknown;
}[];

describe("solveFill", () => {
  for (const { demo_index, instance: raw } of demo) {
    it(`proves demo portfolio ${demo_index} by the fill search, as good as the general model`, () => {
      const { input, options } = parseProblem(raw);
      const ours = solveRebalance(input, options);
      const general = solveRebalance(input, { ...options, method: "general" });
      expect(ours.path).toBe("fill-search");
      expect(general.status).toBe("optimal");
      expect(ours.drift.plus(ours.cost).toFixed()).toBe(general.drift.plus(general.cost).toFixed());
      expect(ours.turnover.toFixed()).toBe(general.turnover.toFixed());
    });
  }

  it("gives up when a flat set straddles the holding, where the traded value of equal fills differs", () => {
    // A holds 45 below its target 50 and may trade both ways: every x_A + x_B = 90 costs the same drift 10, but
    // x_A = 40 trades 55 and x_A = 45 only 45 — the fill's order could pick the worse; the general model decides.
    const input = instance(55, [position("A", 45, 1, "0.5", "0.5", 0), position("B", 0, 1, "0.5", "0.5", 0)]);
    const options = { minTradeValue: new Dec(2), minCash: new Dec(10) };
    const formulation = buildFormulation(input, computeMarketValue(input), options);
    expect(solveFill(formulation, { deadline: performance.now() + 10_000 }).kind).toBe("gave-up");
    const result = solveRebalance(input, options);
    expect(result.path).not.toBe("fill-search");
    expect(result.drift.toFixed()).toBe("10");
    expect(result.turnover.toFixed()).toBe("45");
  });
});
