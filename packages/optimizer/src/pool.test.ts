// The solver pool (threads run the build: `npx tsc -b packages/optimizer` first): threads, outside time limit, crash replacement.
import { afterEach, describe, expect, it } from "vitest";
import { instance, position } from "../test-support/oracle.js";
import { createSolverPool, type SolverPool } from "./pool.js";
import { readFileSync } from "node:fs";
import { parseProblem } from "./instance-format.js";
import { solveRebalance, solveRebalanceQuantities } from "./solve.js";

const portfolio = (cash: string) =>
  instance(cash, [
    position("A", 3, "100", "0.4", "0.4", "0.4"),
    position("B", 1, "100", "0.4", "0.4", "0.4"),
    position("C", 0, "100", "0.2", "0.2", "0.4"),
  ]);
const flaky = new URL("../test-support/flaky-thread.mjs", import.meta.url);
/** A thread script that does not exist: no solve can be answered by a thread of such a pool. */
const missing = new URL("../test-support/missing-thread.mjs", import.meta.url);
/** A demo portfolio under buy_only + min_trade_value: proven by the fill search, not by a fast path. */
const [fillCase] = JSON.parse(
  readFileSync(new URL("../test-support/demo-fill-instances.json", import.meta.url), "utf8"),
) as Array<{ instance: unknown }>;
let pool: SolverPool | undefined;

afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe("createSolverPool", () => {
  it("solves in worker threads with the same answer as in-thread", async () => {
    pool = createSolverPool({ threads: 2, timeLimitMs: 30_000 });
    const inputs = ["0", "50", "120", "1000"].map(portfolio);
    const results = await Promise.all(inputs.map((input) => pool!.solve(input)));
    results.forEach((result, i) => {
      const local = solveRebalance(inputs[i] as ReturnType<typeof portfolio>);
      expect({ ...result, solveMs: 0 }).toEqual({ ...local, solveMs: 0 });
    });
  });

  it("answers only the quantities when asked, equal to the whole result's", async () => {
    pool = createSolverPool({ threads: 1, timeLimitMs: 30_000 });
    for (const cash of ["0", "120", "1000"]) {
      const input = portfolio(cash);
      const [lean, whole] = await Promise.all([pool.solveQuantities(input), pool.solve(input)]);
      expect({ ...lean, solveMs: 0 }).toEqual({
        status: whole.status,
        outcome: whole.outcome,
        marketValue: whole.marketValue,
        solveMs: 0,
        adjustedQuantities: whole.positions.map((p) => p.adjustedQuantity),
        ...(whole.message === undefined ? {} : { message: whole.message }),
      });
    }
  });

  it("answers a timeout with today's quantities when asked for quantities only", async () => {
    pool = createSolverPool({ threads: 1, timeLimitMs: 1_000, graceMs: 100, threadEntry: flaky });
    const input = portfolio("777");
    const stuck = await pool.solveQuantities(input);
    expect(stuck).toMatchObject({ status: "infeasible", outcome: "timeout", message: "no feasible solution exists" });
    expect(stuck.adjustedQuantities).toEqual(input.positions.map((p) => p.quantity));
  });

  // A 1 s limit: the replacement thread's first (cold) solve must fit in it on a loaded 2-core machine.
  it("terminates a thread that overruns the time limit, answers timeout, and keeps serving", async () => {
    pool = createSolverPool({ threads: 1, timeLimitMs: 1_000, graceMs: 100, threadEntry: flaky });
    const stuck = await pool.solve(portfolio("777"));
    expect(stuck).toMatchObject({ status: "infeasible", outcome: "timeout", message: "no feasible solution exists" });
    expect((await pool.solve(portfolio("0"))).status).toBe("optimal");
  });

  it("rejects the job of a crashed thread, replaces the thread, and keeps serving", async () => {
    pool = createSolverPool({ threads: 1, timeLimitMs: 30_000, threadEntry: flaky });
    await expect(pool.solve(portfolio("666"))).rejects.toThrow(/solver thread crashed: simulated crash/);
    expect((await pool.solve(portfolio("0"))).status).toBe("optimal");
  });

  it("fails waiting jobs when a thread cannot start", async () => {
    pool = createSolverPool({
      threads: 1,
      timeLimitMs: 30_000,
      threadEntry: new URL("../test-support/missing-thread.mjs", import.meta.url),
    });
    await expect(pool.solve(portfolio("0"))).rejects.toThrow(/solver thread crashed/);
  });

  it("passes solver errors back as errors", async () => {
    pool = createSolverPool({ threads: 1, timeLimitMs: 30_000 });
    const broken = portfolio("0");
    broken.positions[0] = position("A", 3, "0", "0.4", "0.4", "0.4");
    await expect(pool.solve(broken)).rejects.toThrow();
  });

  it("with inlineMs, answers what the fast paths prove in place — the same answer — and hands the rest to a thread", async () => {
    // No thread can ever answer here, so an answer proves the solve ran in place.
    pool = createSolverPool({ threads: 1, timeLimitMs: 30_000, threadEntry: missing, inlineMs: 1_000 });
    for (const cash of ["0", "120", "1000"]) {
      const input = portfolio(cash);
      const answer = await pool.solveQuantities(input);
      expect({ ...answer, solveMs: 0 }).toEqual({ ...solveRebalanceQuantities(input), solveMs: 0 });
    }
    const { input, options } = parseProblem(fillCase!.instance);
    await expect(pool.solveQuantities(input, options)).rejects.toThrow(/solver thread crashed/);
  });

  it("with inlineMs, rejects a solver error found in place, and new jobs once closed", async () => {
    pool = createSolverPool({ threads: 1, timeLimitMs: 30_000, inlineMs: 1_000 });
    const broken = portfolio("0");
    broken.positions[0] = position("A", 3, "0", "0.4", "0.4", "0.4");
    await expect(pool.solveQuantities(broken)).rejects.toThrow();
    await pool.close();
    await expect(pool.solveQuantities(portfolio("0"))).rejects.toThrow("the solver pool is closed");
  });

  it("rejects waiting and new jobs once closed", async () => {
    pool = createSolverPool({ threads: 1, timeLimitMs: 30_000 });
    const settled = Promise.allSettled([pool.solve(portfolio("0")), pool.solve(portfolio("50"))]);
    await pool.close();
    expect((await settled).map((s) => s.status)).toEqual(["rejected", "rejected"]);
    await expect(pool.solve(portfolio("0"))).rejects.toThrow("the solver pool is closed");
    expect(() => createSolverPool({ threads: 0, timeLimitMs: 1 })).toThrow(RangeError);
  });
});
