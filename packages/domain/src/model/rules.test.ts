import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RuleViolationError } from "../errors/rule-violation-error.js";
import { Dec } from "../money.js";
import { isValidTargetStep, normalizeModel, sumTargets, uniquePortfolios } from "./rules.js";
import type { ModelContent, Position } from "./types.js";

const sid = (n: number) => `SEC${String(n).padStart(21, "0")}`;
const pos = (n: number, target: string, high = "0.02", low = "0.01"): Position => ({
  securityId: sid(n),
  target: new Dec(target),
  highDrift: new Dec(high),
  lowDrift: new Dec(low),
});
const model = (positions: Position[], portfolios: string[] = []): ModelContent => ({
  name: "Growth",
  positions,
  portfolios,
});

function violation(content: ModelContent): RuleViolationError {
  try {
    normalizeModel(content);
  } catch (error) {
    if (error instanceof RuleViolationError) return error;
    throw error;
  }
  throw new Error("expected a rule violation");
}

describe("rule 1: a target is 0 or a multiple of 0.005", () => {
  it("accepts 0.015 and rejects 0.0151", () => {
    expect(isValidTargetStep(new Dec("0.015"))).toBe(true);
    expect(isValidTargetStep(new Dec("0.0151"))).toBe(false);
  });

  it("accepts 0, 0.005 and 0.95", () => {
    for (const t of ["0", "0.005", "0.95"]) expect(isValidTargetStep(new Dec(t))).toBe(true);
  });

  it("rejects a target that is not a multiple of 0.005, naming the security and the value", () => {
    const error = violation(model([pos(1, "0.1"), pos(2, "0.0151")]));
    expect(error.rule).toBe("target-multiple-of-0.005");
    expect(error.message).toContain(sid(2));
    expect(error.message).toContain("0.0151");
    expect(error.errors).toEqual([{ field: "positions.1.target", message: expect.stringContaining("0.0151") }]);
  });

  it("accepts every multiple of 0.005 up to 0.95 (property)", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 190 }), (k) => isValidTargetStep(new Dec(k).times("0.005"))));
  });

  it("rejects any value between two grid points (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 189 }),
        fc.integer({ min: 1, max: 4999 }),
        (k, frac) => !isValidTargetStep(new Dec(k).times("0.005").plus(new Dec(frac).times("0.000001"))),
      ),
    );
  });
});

describe("rule 2: at most 100 positions with target > 0", () => {
  const many = (count: number, target = "0.005") => Array.from({ length: count }, (_, i) => pos(i, target));

  it("accepts exactly 100 positions", () => {
    expect(normalizeModel(model(many(100))).positions).toHaveLength(100);
  });

  it("rejects 101 positions", () => {
    const error = violation(model(many(101, "0.005")));
    expect(error.rule).toBe("max-100-positions");
    expect(error.message).toContain("101");
  });

  it("does not count zero-target positions", () => {
    const positions = [...many(100), ...Array.from({ length: 20 }, (_, i) => pos(200 + i, "0"))];
    expect(normalizeModel(model(positions)).positions).toHaveLength(100);
  });
});

describe("rule 3: a security appears at most once", () => {
  it("rejects a duplicate security instead of merging it", () => {
    const error = violation(model([pos(1, "0.1"), pos(2, "0.1"), pos(1, "0.2")]));
    expect(error.rule).toBe("unique-security");
    expect(error.message).toContain(sid(1));
    expect(error.errors).toEqual([
      { field: "positions.2.security_id", message: expect.stringContaining("positions.0") },
    ]);
  });

  it("rejects a duplicate even when one of them has target 0", () => {
    expect(violation(model([pos(1, "0"), pos(1, "0.1")])).rule).toBe("unique-security");
  });
});

describe("rule 4: zero-target positions are removed", () => {
  it("removes positions whose target is 0 and keeps the order of the rest", () => {
    const saved = normalizeModel(model([pos(1, "0.1"), pos(2, "0"), pos(3, "0.2"), pos(4, "0.000")]));
    expect(saved.positions.map((p) => p.securityId)).toEqual([sid(1), sid(3)]);
  });
});

describe("rule 5: the sum of targets is at most 0.95", () => {
  it("accepts a sum of exactly 0.95", () => {
    const positions = [pos(1, "0.5"), pos(2, "0.3"), pos(3, "0.15")];
    expect(sumTargets(normalizeModel(model(positions)).positions).toFixed()).toBe("0.95");
  });

  it("accepts 0.95 made of 190 steps of 0.005 across positions without float error", () => {
    const positions = Array.from({ length: 95 }, (_, i) => pos(i, "0.01"));
    expect(normalizeModel(model(positions)).positions).toHaveLength(95);
  });

  it("rejects a sum of 0.955, quoting the sum", () => {
    const error = violation(model([pos(1, "0.5"), pos(2, "0.455")]));
    expect(error.rule).toBe("target-sum-max-0.95");
    expect(error.message).toContain("0.955");
  });
});

describe("drift bounds", () => {
  it("keeps drifts of exactly 0 and exactly 1", () => {
    const saved = normalizeModel(model([pos(1, "0.1", "0", "1"), pos(2, "0.1", "1", "0")]));
    expect(saved.positions.map((p) => [p.highDrift.toFixed(), p.lowDrift.toFixed()])).toEqual([
      ["0", "1"],
      ["1", "0"],
    ]);
  });
});

describe("rule 6: portfolio ids are unique", () => {
  it("collapses duplicates silently, keeping the first occurrence order", () => {
    expect(uniquePortfolios(["b", "a", "b", "c", "a"])).toEqual(["b", "a", "c"]);
    expect(normalizeModel(model([], ["p", "p"])).portfolios).toEqual(["p"]);
  });
});

describe("normalizeModel", () => {
  it("keeps the name and an empty model is valid", () => {
    expect(normalizeModel(model([]))).toEqual({ name: "Growth", positions: [], portfolios: [] });
  });

  it("never returns a model that breaks a rule (property)", () => {
    const arbitraryPosition = fc.record({ n: fc.integer({ min: 0, max: 120 }), k: fc.integer({ min: 0, max: 40 }) });
    fc.assert(
      fc.property(fc.array(arbitraryPosition, { maxLength: 130 }), (raw) => {
        try {
          const saved = normalizeModel(model(raw.map(({ n, k }) => pos(n, new Dec(k).times("0.005").toFixed()))));
          expect(saved.positions.length).toBeLessThanOrEqual(100);
          expect(sumTargets(saved.positions).lessThanOrEqualTo("0.95")).toBe(true);
          expect(saved.positions.every((p) => !p.target.isZero())).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(RuleViolationError);
        }
      }),
    );
  });
});
