// Trading options through the CLI's JSON, the worker-thread wire and the pool (threads run the build:
// `npx tsc -b packages/optimizer` first).
import { afterEach, describe, expect, it } from "vitest";
import { ValidationError } from "@ogs/domain";
import type { RebalanceOptions } from "@ogs/domain";
import { dec, instance, position } from "../test-support/oracle.js";
import { formatResult, parseProblem } from "./instance-format.js";
import { decodeOptions, encodeOptions } from "./options-wire.js";
import { createSolverPool, type SolverPool } from "./pool.js";
import { solveRebalance, type SolveOptions } from "./solve.js";
import { answerRequest, decodeResult, encodeInput, encodeResult } from "./thread-wire.js";

const options: RebalanceOptions = {
  mode: "buy_only",
  minCash: dec("100.5"),
  minCashFraction: dec("0.01"),
  minTradeValue: dec(50),
  maxTurnover: dec("0.25"),
  transactionCostBps: dec("7.5"),
  restrictions: { B: "no_trade" },
  lotSizes: { A: 10 },
  transactionCostBpsBySecurity: { A: dec("2.5") },
};

const sample = () =>
  instance("1000.5", [
    position("A", 10, "19.01", "0.5", "0.02", "0.02"),
    position("B", 3, "12.5", "0.4", "0.1", "0.1"),
  ]);

describe("parseProblem", () => {
  it("reads options and per-position lot sizes and costs into the options maps", () => {
    const problem = parseProblem({
      cash: "1000.5",
      options: {
        mode: "buy_only",
        min_cash: "100.5",
        min_cash_fraction: 0.01,
        min_trade_value: "50",
        max_turnover: "0.25",
        transaction_cost_bps: "7.5",
        restrictions: { B: "no_trade" },
      },
      positions: [
        { security_id: "A", quantity: 10, price: "19.01", target: "0.5", low_drift: "0.02", high_drift: "0.02", lot_size: "10", transaction_cost_bps: "2.5" }, // prettier-ignore
        { security_id: "B", quantity: 3, price: "12.5", target: "0.4", low_drift: "0.1", high_drift: "0.1" },
      ],
    });
    expect(problem).toEqual({ input: sample(), options });
    expect(parseProblem({ cash: 1, positions: [] }).options).toEqual({});
  });

  it("names every bad option field", () => {
    const attempt = () =>
      parseProblem({
        cash: 1,
        extra: true,
        options: {
          mode: "hold",
          min_cash: "x",
          min_cash_fraction: "2",
          restrictions: { A: "no_short", Z: "no_buy" },
          lot_sizes: {},
        },
        positions: [{ security_id: "A", quantity: 1, price: 1, lot_size: 0, transaction_cost_bps: "-1" }],
      });
    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (error) {
      expect((error as ValidationError).errors.map((e) => e.field).sort()).toEqual([
        "extra",
        "options.lot_sizes",
        "options.min_cash",
        "options.min_cash_fraction",
        "options.mode",
        "options.restrictions.A",
        "options.restrictions.Z",
        "positions.0.lot_size",
        "positions.0.transaction_cost_bps",
      ]);
    }
    expect(() => parseProblem({ cash: 1, positions: [], options: [] })).toThrow("options: expected an object");
    expect(() => parseProblem({ cash: 1, positions: [], options: { restrictions: 1 } })).toThrow(
      "options.restrictions: expected an object",
    );
  });

  it("writes the objective terms beside today's fields", () => {
    const json = formatResult(solveRebalance(instance("1000", [position("A", 0, "10", "0.5", "0.1", "0.1")]), { transactionCostBps: dec(10) })); // prettier-ignore
    expect(json).toMatchObject({ drift: "0", cost: "0.5", turnover: "500" });
  });
});

describe("options on the thread wire", () => {
  it("round-trips every option exactly through plain strings", () => {
    const wire = encodeOptions(options);
    expect(wire.minCash).toBe("100.5");
    expect(wire.transactionCostBpsBySecurity).toEqual({ A: "2.5" });
    expect(decodeOptions(JSON.parse(JSON.stringify(wire)))).toEqual(options);
    expect(decodeOptions(encodeOptions({}))).toEqual({});
  });

  it("hands the decoded options and the thread's time limit to the solver, and the terms back", () => {
    let seen: SolveOptions | undefined;
    const reply = answerRequest(
      { id: 3, input: encodeInput(sample()), options: encodeOptions(options) },
      1234,
      (input, o) => {
        seen = o;
        return solveRebalance(input, o);
      },
    );
    expect(seen).toEqual({ ...options, timeLimitMs: 1234 });
    expect(reply.ok && "result" in reply).toBe(true);
    if (!reply.ok || !("result" in reply)) return;
    const local = solveRebalance(sample(), options);
    expect({ ...decodeResult(reply.result), solveMs: 0 }).toEqual({ ...local, solveMs: 0 });
    expect(decodeResult(encodeResult(local))).toEqual(local);
  });
});

describe("createSolverPool with options", () => {
  let pool: SolverPool | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it("solves under the options in a thread exactly as in-thread", async () => {
    pool = createSolverPool({ threads: 1, timeLimitMs: 30_000 });
    for (const o of [options, { maxTurnover: dec("0.05") }, undefined]) {
      const result = await pool.solve(sample(), o);
      expect({ ...result, solveMs: 0 }).toEqual({ ...solveRebalance(sample(), o), solveMs: 0 });
    }
  });
});
