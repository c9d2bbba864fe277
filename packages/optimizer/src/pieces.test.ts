// The allowed sets of the formulation: progressions, their normal form, and the nearest allowed quantities.
import { describe, expect, it } from "vitest";
import { dec } from "../test-support/oracle.js";
import {
  allowedAtOrAbove,
  allowedAtOrBelow,
  contains,
  latticeIn,
  normalizePieces,
  pieceSize,
  type Piece,
} from "./pieces.js";

const piece = (from: number, to: number, step = 1): Piece => ({ from: dec(from), to: dec(to), step: dec(step) });
const show = (pieces: Piece[]) => pieces.map((p) => `${p.from.toFixed()}..${p.to.toFixed()}/${p.step.toFixed()}`);

describe("latticeIn", () => {
  it("keeps the points base + k·step inside the interval, or none", () => {
    expect(show([latticeIn(dec(4), dec(40), dec(7), dec(10)) as Piece])).toEqual(["7..37/10"]);
    expect(latticeIn(dec(8), dec(16), dec(7), dec(10))).toBeUndefined();
    expect(latticeIn(dec(5), dec(4), dec(0), dec(1))).toBeUndefined();
  });
});

describe("normalizePieces", () => {
  it("drops points inside a progression or repeated, and joins what continues one progression", () => {
    expect(show(normalizePieces([piece(0, 0), piece(0, 0)]))).toEqual(["0..0/1"]);
    expect(show(normalizePieces([piece(5, 9), piece(7, 7), piece(10, 10), piece(11, 20)]))).toEqual(["5..20/1"]);
    expect(show(normalizePieces([piece(13, 33, 10), piece(3, 3)]))).toEqual(["3..33/10"]);
    expect(show(normalizePieces([piece(0, 0), piece(13, 33, 10)]))).toEqual(["0..0/1", "13..33/10"]);
    expect(show(normalizePieces([piece(2, 2), piece(4, 4)]))).toEqual(["2..2/1", "4..4/1"]);
    expect(show(normalizePieces([piece(1, 5, 2), piece(7, 9)]))).toEqual(["1..5/2", "7..9/1"]);
  });
});

describe("allowedAtOrBelow / allowedAtOrAbove", () => {
  const pieces = [piece(0, 0), piece(13, 33, 10), piece(40, 42)];

  it("finds the nearest allowed quantity on each side, or none", () => {
    expect(allowedAtOrBelow(pieces, dec(12))?.toFixed()).toBe("0");
    expect(allowedAtOrBelow(pieces, dec(30))?.toFixed()).toBe("23");
    expect(allowedAtOrBelow(pieces, dec(99))?.toFixed()).toBe("42");
    expect(allowedAtOrBelow(pieces, dec(-1))).toBeUndefined();
    expect(allowedAtOrAbove(pieces, dec(1))?.toFixed()).toBe("13");
    expect(allowedAtOrAbove(pieces, dec(24))?.toFixed()).toBe("33");
    expect(allowedAtOrAbove(pieces, dec(34))?.toFixed()).toBe("40");
    expect(allowedAtOrAbove(pieces, dec(43))).toBeUndefined();
  });

  it("counts and recognises the members of a progression", () => {
    expect(pieceSize(piece(13, 33, 10)).toFixed()).toBe("3");
    expect(contains(piece(13, 33, 10), dec(23))).toBe(true);
    expect(contains(piece(13, 33, 10), dec(24))).toBe(false);
  });
});
