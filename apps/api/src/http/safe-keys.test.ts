import { describe, expect, it } from "vitest";
import { findUnsafeKey } from "./safe-keys.js";

describe("findUnsafeKey", () => {
  it("finds $-prefixed and dotted keys at any depth, with their path", () => {
    expect(findUnsafeKey({ $where: "1" })).toBe("$where");
    expect(findUnsafeKey({ positions: [{ target: { $gt: 0 } }] })).toBe("positions.0.target.$gt");
    expect(findUnsafeKey({ a: { "b.c": 1 } })).toBe("a.b.c");
  });

  it("accepts ordinary bodies, scalars and strings that merely contain $ or .", () => {
    expect(findUnsafeKey({ name: "$100.5 fund", positions: [{ target: "0.5" }] })).toBeUndefined();
    expect(findUnsafeKey(null)).toBeUndefined();
    expect(findUnsafeKey("$x")).toBeUndefined();
  });

  it("walks deeply nested bodies without overflowing the stack", () => {
    let body: unknown = { $deep: 1 };
    for (let i = 0; i < 100_000; i++) body = [body];
    expect(findUnsafeKey(body)).toMatch(/\$deep$/);
  });
});
