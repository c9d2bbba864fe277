// The CLI JSON format, the thread wire format and the exact re-check.
import { describe, expect, it } from "vitest";
import { ValidationError, computeMarketValue, computePortfolioDrift } from "@ogs/domain";
import { dec, instance, position } from "../test-support/oracle.js";
import { formatResult, parseInstance } from "./instance-format.js";
import { SolutionCheckError } from "./solution-check-error.js";
import { solveRebalance } from "./solve.js";
import { answerRequest, decodeInput, decodeResult, encodeInput, encodeResult } from "./thread-wire.js";
import { verifySolution } from "./verify.js";

const sample = () =>
  instance("1000.5", [position("A", 10, "19.01", "0.5", "0.02", "0.02"), position("OLD", 3, "12.5", 0)]);

describe("parseInstance", () => {
  it("reads strings or numbers and defaults the model fields of an off-model holding to 0", () => {
    const input = parseInstance({
      cash: 1000.5,
      positions: [
        { security_id: "A", quantity: "10", price: 19.01, target: "0.5", low_drift: 0.02, high_drift: "0.02" },
        { security_id: "OLD", quantity: 3, price: "12.5" },
      ],
    });
    expect(input).toEqual(sample());
  });

  it("names every bad field", () => {
    const attempt = () =>
      parseInstance(
        {
          cash: "x",
          positions: [
            { security_id: "", quantity: "1", price: "0", target: "-0.1", low_drift: "a", extra: 1 },
            5,
            { security_id: "B", quantity: 1, price: 1 },
            { security_id: "B", quantity: 1, price: 1 },
          ],
        },
        "0.",
      );
    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (error) {
      const fields = (error as ValidationError).errors.map((e) => e.field).sort();
      expect(fields).toEqual([
        "0.cash",
        "0.positions.0.extra",
        "0.positions.0.low_drift",
        "0.positions.0.price",
        "0.positions.0.security_id",
        "0.positions.0.target",
        "0.positions.1",
        "0.positions.3.security_id",
      ]);
    }
  });

  it("rejects a document that is not an instance", () => {
    expect(() => parseInstance([1])).toThrow("an instance is an object with cash and a positions array");
  });
});

describe("formatResult", () => {
  it("writes snake_case with decimals as strings and whole trade quantities as numbers", () => {
    const json = formatResult(solveRebalance(sample()));
    expect(json).toMatchObject({
      status: "optimal",
      outcome: "optimal",
      market_value: "1228.1",
      cash_before: "1000.5",
    });
    expect(json.transactions).toEqual([
      { transaction_type: "BUY", security_id: "A", quantity: 22 },
      { transaction_type: "SELL", security_id: "OLD", quantity: 3 },
    ]);
    expect((json.positions as Record<string, unknown>[])[0]).toMatchObject({
      security_id: "A",
      original_quantity: "10",
      adjusted_quantity: "32",
      actual: "0.4953",
      actual_drift: "-0.0094",
      trade_quantity: 22,
    });
  });

  it("keeps a fractional trade quantity as a string and carries the message of an infeasible result", () => {
    const json = formatResult(solveRebalance(instance("100", [position("A", "0.5", "10", "0.5", "0.5", "0.5")])));
    expect(json.transactions).toEqual([{ transaction_type: "BUY", security_id: "A", quantity: "4.5" }]);
    expect(formatResult(solveRebalance(instance("0", [])))).toMatchObject({
      message: "nothing to rebalance: market value 0 is not positive",
    });
  });
});

describe("thread wire format", () => {
  it("round-trips inputs and results through plain strings", () => {
    const input = sample();
    const wire = encodeInput(input);
    expect(typeof wire).toBe("string");
    expect(decodeInput(wire)).toEqual(input);
    const result = solveRebalance(input);
    expect(decodeResult(encodeResult(result))).toEqual(result);
    const infeasible = solveRebalance(instance("0", []));
    expect(decodeResult(JSON.parse(JSON.stringify(encodeResult(infeasible))))).toEqual(infeasible);
  });

  it("answers a failing solve with an error reply", () => {
    const reply = answerRequest({ id: 7, input: encodeInput(sample()) }, 1000, () => {
      throw new SolutionCheckError("cash", "spent too much");
    });
    expect(reply).toEqual({
      id: 7,
      ok: false,
      name: "SolutionCheckError",
      message: "solution check failed on cash: spent too much",
    });
    expect(
      answerRequest({ id: 8, input: encodeInput(sample()) }, 1000, () => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- what a foreign library may throw
        throw "plain";
      }),
    ).toMatchObject({ ok: false, name: "Error", message: "plain" });
  });
});

describe("verifySolution", () => {
  const input = instance("1000", [position("A", 0, "10", "0.5", "0.1", "0.1")]);
  const marketValue = computeMarketValue(input);
  const check = (quantity: string) => () => verifySolution(input, marketValue, [dec(quantity)]);

  it("accepts a feasible solution and names each violated constraint", () => {
    expect(check("50")().toFixed()).toBe("500");
    expect(check("50.5")).toThrow("solution check failed on integrality of A");
    expect(check("39")).toThrow("solution check failed on lower band of A");
    expect(check("61")).toThrow("solution check failed on upper band of A");
    expect(() => verifySolution(input, marketValue, [])).toThrow("solution check failed on shape");
    const free = instance("100", [position("A", 0, "10", "0.5", "1", "1")]);
    expect(() => verifySolution(free, dec(100), [dec(-1)])).toThrow("solution check failed on non-negativity of A");
    const wide = instance("100", [position("A", 0, "10", "0.5", "1", "2")]);
    expect(() => verifySolution(wide, dec(100), [dec(11)])).toThrow("solution check failed on cash");
  });

  it("computePortfolioDrift needs one quantity per position", () => {
    expect(() => computePortfolioDrift(input, marketValue, [])).toThrow(RangeError);
  });
});
