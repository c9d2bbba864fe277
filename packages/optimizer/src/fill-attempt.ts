// One attempt of the fill search (fill-search.ts): under one multiplier on one binding row — cash, or the
// turnover cap — the flat sets as runs of that row's values, the dual value D and the least slack the row's
// granularity allows (the lower bound of fill-search.ts), and the cheapest step off the flat sets.
//
// Cash row:     Aᵢ(x) = P·x, multiplier λ: gᵢ = M·Fᵢ + Λ·K·Aᵢ; every optimum then has the same slack, so the
//               traded value is the same for all of them only if each flat set trades one way (checked here).
// Turnover row: Btᵢ(x) = |P·x − UP|, multiplier μ: gᵢ = M·Fᵢ + Μ·K·Btᵢ; linear on a flat range that does not
//               straddle the holding (else the attempt fails); the tie-break Σ Btᵢ = cap − slack is then the
//               same for every optimum by itself. Btᵢ over Xᵢ lies in ±(P·x₀ − UP) + P·δ·Z, hence in
//               r + gcd(P·δ, 2r)·Z with r = P·x₀ − UP: the residue argument holds with that coarser modulus.
import { createEvaluator, securityMinimum } from "./core-windows.js";
import type { ExactPiece, ExactProblem, ExactSecurity } from "./exact-terms.js";
import { gcd, mod } from "./fill-arith.js";
import type { FillItem, ValueRun } from "./fill-exact.js";
import { cashLattice, flatSetOf } from "./fill-flat.js";

export type FillRow = "cash" | "turnover";

export interface Attempt {
  items: FillItem[];
  /** Per item: x = from + j·step for index j of its runs (step < 0 for runs read downward in x). */
  quantityRuns: { from: bigint; step: bigint }[][];
  /** D, and the row's multiplier times K: a fill of slack s has M·F = D + multiplierK·s. */
  dual: bigint;
  multiplierK: bigint;
  /** The least slack any x can leave (the residue argument of fill-search.ts). */
  leastSlack: bigint;
  /** The least reduced cost of any quantity outside the flat sets (undefined: there is none). */
  outside: bigint | undefined;
  /** What the free securities may put on the row: B − fixed cash, or the turnover cap. */
  room: bigint;
  m: bigint;
}

/** The row's values on a flat piece as one run, and the matching quantities; undefined if not linear there. */
function runOf(row: FillRow, s: ExactSecurity, p: ExactPiece): [ValueRun, { from: bigint; step: bigint }] | undefined {
  const count = (p.to - p.from) / p.step;
  if (row === "cash")
    return [
      { from: s.price * p.from, step: s.price * p.step, count },
      { from: p.from, step: p.step },
    ];
  if (s.price * p.from >= s.heldValue)
    return [
      { from: s.price * p.from - s.heldValue, step: s.price * p.step, count },
      { from: p.from, step: p.step },
    ];
  if (s.price * p.to <= s.heldValue)
    return [
      { from: s.heldValue - s.price * p.to, step: s.price * p.step, count },
      { from: p.to, step: -p.step },
    ];
  return undefined; // a flat range across the holding: |P·x − UP| is not one progression there
}

/** The row's granularity over all of Xᵢ: [base, modulus] with every value in base + modulus·Z. */
function latticeOf(row: FillRow, s: ExactSecurity): [bigint, bigint] {
  const [origin, step] = cashLattice(s);
  if (row === "cash") return [origin, step];
  const r = origin - s.heldValue;
  return [r, gcd(step, 2n * r)];
}

/** The flat sets, the bound and the fill target under one multiplier, or undefined when its structure fails. */
export function attemptOf(problem: ExactProblem, row: FillRow, multiplier: bigint, m: bigint): Attempt | undefined {
  const onCash = row === "cash";
  const evaluate = createEvaluator(problem, { cash: onCash ? multiplier : 0n, turnover: onCash ? 0n : multiplier, denominator: m }); // prettier-ignore
  const multiplierK = multiplier * problem.costScale;
  const room = onCash ? problem.cashBudget - problem.fixedCash : (problem.turnoverCap as bigint);
  const attempt: Attempt = { items: [], quantityRuns: [], dual: m * problem.fixedObjective - multiplierK * room, multiplierK, leastSlack: 0n, outside: undefined, room, m }; // prettier-ignore
  let base = 0n;
  let modulus = 0n;
  let side = 0;
  let long = 0;
  for (const s of problem.securities) {
    const minimum = securityMinimum(s, evaluate);
    attempt.dual += minimum;
    const [origin, step] = latticeOf(row, s);
    base += origin;
    modulus = gcd(modulus, step);
    const flat = flatSetOf(s, minimum, evaluate);
    const runs = flat.pieces.map((p) => runOf(row, s, p));
    if (runs.length === 0 || runs.some((r) => r === undefined)) return undefined;
    if (flat.outside !== undefined && (attempt.outside === undefined || flat.outside < attempt.outside))
      attempt.outside = flat.outside;
    const values = runs.map((r) => (r as [ValueRun, unknown])[0]);
    if (values.length > 1 || (values[0] as ValueRun).count > 0n) {
      long += values.some((v) => v.count > 0n) ? 1 : 0;
      // Cash row: the tie-break is the same for every optimum only if all multi-point flat sets trade one way.
      const own = flat.pieces.every((p) => s.price * p.from >= s.heldValue) ? 1 : flat.pieces.every((p) => s.price * p.to <= s.heldValue) ? -1 : 0; // prettier-ignore
      if (onCash && (own === 0 || (side !== 0 && own !== side))) return undefined;
      side = own;
    }
    attempt.items.push({ runs: values });
    attempt.quantityRuns.push(runs.map((r) => (r as [unknown, { from: bigint; step: bigint }])[1]));
  }
  if (long === 0) return undefined; // nothing to fill: the other paths decide
  attempt.leastSlack = modulus === 0n ? room - base : mod(room - base, modulus);
  return attempt.leastSlack < 0n ? undefined : attempt;
}
