// The flat sets of the fill search (fill-search.ts): per security, the allowed quantities of zero reduced cost
// under one cash multiplier λ, and the granularity of the cash the whole allowed set can spend.
//
// gᵢ(x) = M·Fᵢ(x) + Λ·K·Aᵢ(x) (exact-terms.ts units) is convex in x with kinks only at the target and at the
// holding, so on each progression of Xᵢ the quantities where gᵢ reaches its minimum over Xᵢ are contiguous
// and both ends are among the piece's ends and the progression neighbours of the two kinks (between kinks gᵢ
// is linear): the flat set is found exactly from those few points, however long the run.
import type { Evaluator } from "./core-windows.js";
import type { ExactPiece, ExactSecurity } from "./exact-terms.js";
import { floorDiv, gcd } from "./fill-arith.js";

/** The piece's quantities where gᵢ can change slope or end: its ends and the neighbours of both kinks. */
export function breakpoints(s: ExactSecurity, piece: ExactPiece): bigint[] {
  const points = [piece.from, piece.to];
  for (const kinkValue of [s.targetValue, s.heldValue]) {
    const below = piece.from + floorDiv(kinkValue - s.price * piece.from, s.price * piece.step) * piece.step;
    for (const x of [below, below + piece.step]) if (x >= piece.from && x <= piece.to) points.push(x);
  }
  return points;
}

export interface FlatSet {
  /** The quantities of Xᵢ with gᵢ = minimum, as progressions in Xᵢ's order. */
  pieces: ExactPiece[];
  /** The least reduced cost gᵢ − minimum of a quantity outside them (undefined when there is none). */
  outside: bigint | undefined;
}

/** The flat set of Xᵢ and the cheapest step off it (convexity: a neighbour of a flat range, or a breakpoint). */
export function flatSetOf(s: ExactSecurity, minimum: bigint, evaluate: Evaluator): FlatSet {
  const pieces: ExactPiece[] = [];
  let outside: bigint | undefined;
  const consider = (x: bigint) => {
    const reduced = evaluate(s, x).reduced - minimum;
    if (outside === undefined || reduced < outside) outside = reduced;
  };
  for (const piece of s.pieces) {
    let from: bigint | undefined;
    let to: bigint | undefined;
    const points = breakpoints(s, piece);
    for (const x of points) {
      if (evaluate(s, x).reduced !== minimum) continue;
      if (from === undefined || x < from) from = x;
      if (to === undefined || x > to) to = x;
    }
    if (from === undefined || to === undefined) {
      points.forEach(consider);
      continue;
    }
    pieces.push({ from, to, step: piece.step });
    if (from > piece.from) consider(from - piece.step);
    if (to < piece.to) consider(to + piece.step);
  }
  return { pieces, outside };
}

/**
 * The cash Xᵢ can spend is P·x₀ plus a multiple of P·δ, δ the gcd of the pieces' steps and offsets from
 * x₀ (its first quantity): returns [P·x₀, P·δ] (P·δ = 0 when Xᵢ is one quantity).
 */
export function cashLattice(s: ExactSecurity): [bigint, bigint] {
  const first = (s.pieces[0] as ExactPiece).from;
  let delta = 0n;
  for (const piece of s.pieces) {
    delta = gcd(delta, piece.from - first);
    if (piece.to > piece.from) delta = gcd(delta, piece.step);
  }
  return [s.price * first, s.price * delta];
}
