// The window of one security for the core search (core-search.ts): every allowed quantity whose reduced
// cost under the chosen multipliers is at most G, cheapest first.
//
// gᵢ(x) = M·F(x) + Λ·K·A(x) + Μ·K·Bt(x) (Λ = λ·M, Μ = μ·M; exact-terms.ts) is convex in real x with kinks only
// at the target quantity TV/P and at the holding UP/P. So on each progression of Xᵢ its minimum is at a
// piece end or a progression neighbour of a kink, and the values only grow walking away from it: the
// window is found exactly by walking outward from each piece's minimum until the reduced cost
// rᵢ(x) = gᵢ(x) − min gᵢ passes G.
import type { Multipliers } from "./dual-multipliers.js";
import {
  cashOf,
  objectiveOf,
  secondaryOf,
  turnoverOf,
  type ExactPiece,
  type ExactProblem,
  type ExactSecurity,
} from "./exact-terms.js";

export interface Candidate {
  x: bigint;
  /** rᵢ(x) in M·W units. */
  reduced: bigint;
  objective: bigint;
  cash: bigint;
  turnover: bigint;
  secondary: bigint;
}

export interface SecurityWindow {
  security: ExactSecurity;
  /** min gᵢ over Xᵢ (M·W units). */
  minimum: bigint;
  /** Ascending reduced cost, then tie-break, then quantity (a fixed order: the answer is deterministic). */
  candidates: Candidate[];
}

/** ⌊a / b⌋ for b > 0. */
const floorDiv = (a: bigint, b: bigint) => (a >= 0n ? a / b : -((-a + b - 1n) / b));

export function createEvaluator(problem: ExactProblem, multipliers: Multipliers) {
  const m = multipliers.denominator;
  const lambda = multipliers.cash * problem.costScale;
  const mu = problem.turnoverCap === null ? 0n : multipliers.turnover * problem.costScale;
  return (s: ExactSecurity, x: bigint): Candidate => {
    const objective = objectiveOf(problem, s, x);
    const cash = cashOf(s, x);
    const turnover = turnoverOf(s, x);
    const secondary = secondaryOf(problem, s, x);
    return { x, reduced: m * objective + lambda * cash + mu * turnover, objective, cash, turnover, secondary };
  };
}

export type Evaluator = ReturnType<typeof createEvaluator>;

/** The piece's quantities where its minimum can lie: its ends and the progression neighbours of both kinks. */
function extremeCandidates(s: ExactSecurity, piece: ExactPiece): bigint[] {
  const points = [piece.from, piece.to];
  for (const kinkValue of [s.targetValue, s.heldValue]) {
    const below = piece.from + floorDiv(kinkValue - s.price * piece.from, s.price * piece.step) * piece.step;
    for (const x of [below, below + piece.step]) if (x >= piece.from && x <= piece.to) points.push(x);
  }
  return points;
}

/** Quantity and g of the piece's minimum (the smallest quantity among equals). */
function pieceMinimum(s: ExactSecurity, piece: ExactPiece, evaluate: Evaluator): Candidate {
  let best: Candidate | undefined;
  for (const x of extremeCandidates(s, piece)) {
    const c = evaluate(s, x);
    if (!best || c.reduced < best.reduced || (c.reduced === best.reduced && x < best.x)) best = c;
  }
  return best as Candidate;
}

/** min gᵢ over the allowed set. */
export function securityMinimum(s: ExactSecurity, evaluate: Evaluator): bigint {
  return s.pieces.reduce(
    (min, piece) => {
      const g = pieceMinimum(s, piece, evaluate).reduced;
      return min === undefined || g < min ? g : min;
    },
    undefined as bigint | undefined,
  ) as bigint;
}

/**
 * The window of reduced cost ≤ limit (M·W units), or undefined when it holds more than `cap` quantities
 * (the caller gives up rather than enumerate).
 */
export function windowOf(
  s: ExactSecurity,
  minimum: bigint,
  limit: bigint,
  evaluate: Evaluator,
  cap: number,
): SecurityWindow | undefined {
  const candidates: Candidate[] = [];
  for (const piece of s.pieces) {
    const start = pieceMinimum(s, piece, evaluate);
    if (start.reduced - minimum > limit) continue;
    candidates.push({ ...start, reduced: start.reduced - minimum });
    for (const direction of [-1n, 1n]) {
      for (let x = start.x + direction * piece.step; x >= piece.from && x <= piece.to; x += direction * piece.step) {
        const c = evaluate(s, x);
        const reduced = c.reduced - minimum;
        if (reduced > limit) break;
        candidates.push({ ...c, reduced });
        if (candidates.length > cap) return undefined;
      }
    }
  }
  candidates.sort((a, b) =>
    a.reduced !== b.reduced
      ? a.reduced < b.reduced
        ? -1
        : 1
      : a.secondary !== b.secondary
        ? a.secondary < b.secondary
          ? -1
          : 1
        : a.x < b.x
          ? -1
          : a.x > b.x
            ? 1
            : 0,
  );
  return { security: s, minimum, candidates };
}
