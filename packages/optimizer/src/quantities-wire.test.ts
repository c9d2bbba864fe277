// The lean thread reply and the packed input: exact digits across the boundary, answers checked one for one.
import { describe, expect, it } from "vitest";
import { instance, position } from "../test-support/oracle.js";
import { packQuantities, quantitiesOf, unpackQuantities } from "./quantities-wire.js";
import { solveRebalance } from "./solve.js";
import { answerRequest, decodeInput, encodeInput } from "./thread-wire.js";

const sample = () =>
  instance("1000.5", [
    position("A", 10, "19.01", "0.5", "0.02", "0.02"),
    position("B", "0.000000001", "12.123456789", "0.25", "0.25", "0.25"),
    position("OLD", 3, "12.5", 0),
  ]);

describe("packed input", () => {
  it("round-trips every decimal exactly, tiny and huge ones included", () => {
    const input = sample();
    input.positions.push(position("HUGE", "1e-25", "123456789012345678.123456789", "0.1", "1e-30", "0"));
    const wire = encodeInput(input);
    expect(typeof wire).toBe("string");
    expect(decodeInput(wire)).toEqual(input);
    expect(decodeInput(encodeInput(instance("0", [])))).toEqual(instance("0", []));
  });

  it("refuses a packed input whose field count is not whole positions", () => {
    expect(() => decodeInput(JSON.stringify(["1", "A", "1"]))).toThrow(/3 fields/);
  });
});

describe(quantitiesOf.name, () => {
  it("carries the optimum's quantities in input order, exactly as the whole result has them", () => {
    const input = sample();
    const result = solveRebalance(input);
    expect(result.status).toBe("optimal");
    const solved = unpackQuantities(packQuantities(quantitiesOf(input, result)));
    expect(solved).toEqual({
      status: result.status,
      outcome: result.outcome,
      marketValue: result.marketValue,
      solveMs: result.solveMs,
      adjustedQuantities: result.positions.map((p) => p.adjustedQuantity),
    });
  });

  it("keeps the message of an untraded result", () => {
    const input = instance("0", []);
    const result = solveRebalance(input);
    expect(unpackQuantities(packQuantities(quantitiesOf(input, result)))).toMatchObject({
      outcome: "nothing_to_rebalance",
      message: result.message,
      adjustedQuantities: [],
    });
  });

  it("refuses a result that does not answer the input's positions one for one", () => {
    const input = sample();
    const result = solveRebalance(input);
    expect(() => quantitiesOf(input, { ...result, positions: result.positions.slice(1) })).toThrow(/2 positions for 3/);
    const swapped = [result.positions[1]!, result.positions[0]!, result.positions[2]!];
    expect(() => quantitiesOf(input, { ...result, positions: swapped })).toThrow(/answered B for A/);
  });

  it("is what a thread answers when asked for quantities only", () => {
    const input = sample();
    const reply = answerRequest({ id: 1, input: encodeInput(input), reply: "quantities" }, 30_000, solveRebalance);
    expect(reply.ok && "quantities" in reply).toBe(true);
    if (!reply.ok || !("quantities" in reply)) return;
    const expected = quantitiesOf(input, solveRebalance(input));
    expect({ ...unpackQuantities(reply.quantities), solveMs: 0 }).toEqual({ ...expected, solveMs: 0 });
  });
});
