import { describe, expect, it } from "vitest";
import { ConflictError } from "../errors/conflict-error.js";
import { NotFoundError } from "../errors/not-found-error.js";
import { RuleViolationError } from "../errors/rule-violation-error.js";
import { Dec } from "../money.js";
import { addPortfolios, addPosition, removePortfolios, removePosition, replacePosition, sameContent } from "./edits.js";
import { normalizeModel } from "./rules.js";
import type { Model, Position } from "./types.js";

const A = "AAAAAAAAAAAAAAAAAAAAAAAA";
const B = "BBBBBBBBBBBBBBBBBBBBBBBB";
const pos = (securityId: string, target: string, high = "0.02", low = "0.01"): Position => ({
  securityId,
  target: new Dec(target),
  highDrift: new Dec(high),
  lowDrift: new Dec(low),
});
const stored: Model = {
  id: "0123456789abcdef01234567",
  name: "Income",
  positions: [pos(A, "0.1")],
  portfolios: ["p1", "p2"],
  rebalanceOptions: {},
  lastRebalanceDate: null,
  version: 3,
};

describe("addPosition", () => {
  it("appends a security that is not in the model", () => {
    expect(addPosition(stored, pos(B, "0.2")).positions.map((p) => p.securityId)).toEqual([A, B]);
  });

  it("refuses a security that is already in the model", () => {
    expect(() => addPosition(stored, pos(A, "0.2"))).toThrow(RuleViolationError);
  });
});

describe("replacePosition", () => {
  it("replaces target and drifts of a security in the model", () => {
    const [replaced] = replacePosition(stored, pos(A, "0.3", "0.05", "0.04")).positions;
    expect([replaced!.target.toFixed(), replaced!.highDrift.toFixed(), replaced!.lowDrift.toFixed()]).toEqual([
      "0.3",
      "0.05",
      "0.04",
    ]);
  });

  it("answers not found for a security that is not in the model", () => {
    expect(() => replacePosition(stored, pos(B, "0.3"))).toThrow(NotFoundError);
  });
});

describe("removePosition", () => {
  it("removes a position when every value equals the stored one, comparing decimals exactly", () => {
    expect(removePosition(stored, pos(A, "0.100", "0.020", "0.01")).positions).toEqual([]);
  });

  it("refuses when a value differs, naming the field and both values", () => {
    expect(() => removePosition(stored, pos(A, "0.1", "0.03"))).toThrow(
      new ConflictError(
        `The stored position of security ${A} differs from the one to delete: high_drift is 0.02, not 0.03.`,
      ),
    );
  });

  it("answers not found for a security that is not in the model", () => {
    expect(() => removePosition(stored, pos(B, "0.1"))).toThrow(NotFoundError);
  });
});

describe("portfolio edits", () => {
  it("appends portfolios (duplicates collapse when normalized)", () => {
    expect(addPortfolios(stored, ["p3", "p1"]).portfolios).toEqual(["p1", "p2", "p3", "p1"]);
  });

  it("removes portfolios and ignores missing ones", () => {
    expect(removePortfolios(stored, ["p1", "zz"]).portfolios).toEqual(["p2"]);
  });
});

describe("sameContent", () => {
  const content = { name: "Income", positions: [pos(A, "0.1"), pos(B, "0.2")], portfolios: ["p1", "p2"] };
  it("is true for the same model, decimals compared by value", () => {
    expect(sameContent(content, { ...content, positions: [pos(A, "0.10"), pos(B, "0.200", "0.020", "0.0100")] })).toBe(
      true,
    );
    expect(sameContent(content, { ...content })).toBe(true);
  });

  it("is false for any change: name, a decimal, a security, the order, a portfolio", () => {
    expect(sameContent(content, { ...content, name: "Income 2" })).toBe(false);
    expect(sameContent(content, { ...content, positions: [pos(A, "0.1"), pos(B, "0.2", "0.03")] })).toBe(false);
    expect(sameContent(content, { ...content, positions: [pos(A, "0.1"), pos(B, "0.2", "0.02", "0.015")] })).toBe(
      false,
    );
    expect(sameContent(content, { ...content, positions: [pos(A, "0.1")] })).toBe(false);
    expect(sameContent(content, { ...content, positions: [pos(B, "0.2"), pos(A, "0.1")] })).toBe(false);
    expect(sameContent(content, { ...content, portfolios: ["p1"] })).toBe(false);
    expect(sameContent(content, { ...content, portfolios: ["p2", "p1"] })).toBe(false);
    expect(sameContent(content, { ...content, portfolios: ["p1", "p3"] })).toBe(false);
  });

  it("is true after an edit that changes nothing once normalised: adding a present portfolio, removing an absent one, a zero target", () => {
    expect(sameContent(stored, normalizeModel(addPortfolios(stored, ["p2"])))).toBe(true);
    expect(sameContent(stored, normalizeModel(removePortfolios(stored, ["p9"])))).toBe(true);
    expect(sameContent(stored, normalizeModel(addPosition(stored, pos(B, "0"))))).toBe(true);
  });
});
