// The allowed quantities of one security as a few arithmetic progressions ("pieces"), so lot lattices,
// minimum-trade holes and the closing exception (x = 0) are exact sets, not penalties.
import { Dec } from "@ogs/domain";
import { ceilDiv, floorDiv } from "./exact-division.js";

/** The quantities from, from + step, …, to (from ≤ to, to − from a multiple of step > 0). */
export interface Piece {
  from: Dec;
  to: Dec;
  step: Dec;
}

const ONE = new Dec(1);

/** Pieces in ascending order, one after another without overlap. */
export type Pieces = readonly Piece[];

/** The lattice points base + k·step inside [low, high], or undefined when there are none. */
export function latticeIn(low: Dec, high: Dec, base: Dec, step: Dec): Piece | undefined {
  if (high.lt(low)) return undefined;
  const from = base.plus(ceilDiv(low.minus(base), step).times(step));
  const to = base.plus(floorDiv(high.minus(base), step).times(step));
  return from.lte(to) ? { from, to, step } : undefined;
}

export function contains(piece: Piece, x: Dec): boolean {
  return x.gte(piece.from) && x.lte(piece.to) && x.minus(piece.from).mod(piece.step).isZero();
}

/** Sorts, drops points already in a progression, and joins neighbours that continue one progression. */
export function normalizePieces(pieces: readonly Piece[]): Piece[] {
  const sorted = [...pieces].sort((a, b) => a.from.comparedTo(b.from));
  // A point inside a progression (or repeating an earlier point) adds nothing.
  const kept = sorted.filter(
    (piece, i) =>
      !(
        piece.from.eq(piece.to) &&
        sorted.some((other, j) => j !== i && (j < i || !other.from.eq(other.to)) && contains(other, piece.from))
      ),
  );
  const joined: Piece[] = [];
  for (const piece of kept) {
    const last = joined[joined.length - 1];
    if (!last) {
      joined.push(piece);
      continue;
    }
    const lastPoint = last.from.eq(last.to);
    const point = piece.from.eq(piece.to);
    const step = lastPoint ? piece.step : last.step;
    const continues = piece.from.minus(last.to).eq(step) && (point || lastPoint || piece.step.eq(last.step));
    if (continues && !(lastPoint && point)) joined[joined.length - 1] = { from: last.from, to: piece.to, step };
    else joined.push(piece);
  }
  return joined;
}

/** The largest allowed quantity ≤ x, if any. */
export function allowedAtOrBelow(pieces: Pieces, x: Dec): Dec | undefined {
  let best: Dec | undefined;
  for (const piece of pieces) {
    if (piece.from.gt(x)) break;
    const capped = Dec.min(x, piece.to);
    best = piece.from.plus(floorDiv(capped.minus(piece.from), piece.step).times(piece.step));
  }
  return best;
}

/** The smallest allowed quantity ≥ x, if any. */
export function allowedAtOrAbove(pieces: Pieces, x: Dec): Dec | undefined {
  for (const piece of pieces) {
    if (piece.to.lt(x)) continue;
    if (piece.from.gte(x)) return piece.from;
    return piece.from.plus(ceilDiv(x.minus(piece.from), piece.step).times(piece.step));
  }
  return undefined;
}

/** Number of allowed quantities in a piece. */
export function pieceSize(piece: Piece): Dec {
  return piece.to.minus(piece.from).div(piece.step).plus(ONE);
}
