// The fill search (path `fill-search`): a binding cash row over long runs of equal reduced cost with holes —
// e.g. `buy_only` with a minimum trade value, every model security below target, so each share bought lowers
// the drift by exactly its price and the problem is "spend the cash as exactly as possible" (README "How it
// solves"). The core search's windows are whole runs there, and HiGHS's bound never leaves the root LP.
//
// Exact by the core search's Lagrangian identity (core-search.ts) with the turnover row dropped: for a cash
// multiplier λ = Λ/M > 0 and every x meeting the cash row,
//   M·F(x) = D + Σ rᵢ(xᵢ) + Λ·K·slack,   rᵢ ≥ 0, slack = B − Σ Aᵢ(xᵢ) ≥ 0.
// Every Aᵢ lies in P·x₀ + gᵢ·Z (fill-flat.ts), so the slack is ≡ B − Σ P·x₀ modulo g = gcd gᵢ, hence at
// least s = that residue: M·F ≥ D + Λ·K·s for every feasible x. An x with every rᵢ = 0 (each xᵢ in its flat
// set) and slack exactly s meets that bound: it is optimal, found by the exact fill of fill-exact.ts. Every
// optimum then has all rᵢ = 0 and the slack s as well, so when every flat set with more than one quantity lies
// on the same side of its holding, the traded value Σ |Aᵢ − UPᵢ| = ±Σ Aᵢ + const is the same for all of them:
// the tie-break (least traded value, SPEC §5.1 with the options of README "Trading constraints") is met by
// any, and the fill's fixed search order picks one. The cap on turnover is a row this relaxation dropped: the
// answer stands only if it meets the cap (then so do all the tied optima). Anything else gives up, and the core
// search and the general MIP answer as before.
import { Dec } from "@ogs/domain";
import { createEvaluator, securityMinimum } from "./core-windows.js";
import {
  exactProblemOf,
  objectiveOf,
  turnoverOf,
  type ExactPiece,
  type ExactProblem,
  type ExactSecurity,
} from "./exact-terms.js";
import { floorDiv, gcd, mod } from "./fill-arith.js";
import { exactFill, type FillItem, type FillPick, type ValueRun } from "./fill-exact.js";
import { cashLattice, flatSetOf } from "./fill-flat.js";
import { largestFill } from "./fill-table.js";
import type { Formulation } from "./formulation.js";

export type FillSearchOutcome = { kind: "optimal"; quantities: Dec[] } | { kind: "gave-up" } | { kind: "timeout" };

export interface FillSearchLimits {
  /** performance.now() past which the search stops with `timeout`. */
  deadline: number;
  /** Nodes of the exact fill per multiplier before giving up. @defaultValue 2000 */
  nodeBudget?: number;
}

const DEFAULT_NODE_BUDGET = 2_000;
/** Nodes of the first, short exact fill (before the table). */
const QUICK_NODES = 200;
/** Cells of the largest-fill table (sums in units of the granularity, times the items): ~4 MB at most. */
const TABLE_CELLS = 1 << 22;

/**
 * The cash multipliers worth trying, as [Λ, M]: λ = 1 (each unit bought below target lowers the drift by its
 * price) and 1 ∓ c for each cost rate c (a buy, or a sale, that also pays c per unit of value).
 */
function multipliersOf(problem: ExactProblem): [bigint, bigint][] {
  const k = problem.costScale;
  const out: [bigint, bigint][] = [[k, k]];
  const rates = [...new Set(problem.securities.map((s) => s.costRate))].filter((c) => c > 0n && c < k);
  for (const c of rates.slice(0, 2)) out.push([k - c, k], [k + c, k]);
  return out;
}

interface Attempt {
  items: FillItem[];
  /** Per item: the flat pieces its runs came from (quantities). */
  quantityRuns: { from: bigint; step: bigint }[][];
  /** D, and Λ·K: a fill of slack s has M·F = D + Λ·K·s. */
  dual: bigint;
  lambdaK: bigint;
  /** The least slack any x can leave (the residue argument above). */
  leastSlack: bigint;
  /** The least reduced cost of any quantity outside the flat sets (undefined: there is none). */
  outside: bigint | undefined;
  /** The cash the free securities may spend: B − fixed cash. */
  room: bigint;
  m: bigint;
}

/** The flat sets, the bound and the fill target under one multiplier, or undefined when its structure fails. */
function attemptOf(problem: ExactProblem, lambda: bigint, m: bigint): Attempt | undefined {
  const evaluate = createEvaluator(problem, { cash: lambda, turnover: 0n, denominator: m });
  const lambdaK = lambda * problem.costScale;
  const items: FillItem[] = [];
  const quantityRuns: Attempt["quantityRuns"] = [];
  let dual = m * problem.fixedObjective + lambdaK * (problem.fixedCash - problem.cashBudget);
  let base = 0n;
  let modulus = 0n;
  let side = 0;
  let long = 0;
  let outside: bigint | undefined;
  for (const s of problem.securities) {
    const minimum = securityMinimum(s, evaluate);
    dual += minimum;
    const [origin, step] = cashLattice(s);
    base += origin;
    modulus = gcd(modulus, step);
    const flat = flatSetOf(s, minimum, evaluate);
    if (flat.pieces.length === 0) return undefined;
    if (flat.outside !== undefined && (outside === undefined || flat.outside < outside)) outside = flat.outside;
    const values = flat.pieces.map((p) => ({ from: s.price * p.from, step: s.price * p.step, count: (p.to - p.from) / p.step })); // prettier-ignore
    if (values.length > 1 || (values[0] as ValueRun).count > 0n) {
      // The tie-break is the same for every optimum only if all multi-point flat sets trade one way.
      const own = values.every((v) => v.from >= s.heldValue) ? 1 : values.every((v) => v.from + v.count * v.step <= s.heldValue) ? -1 : 0; // prettier-ignore
      if (own === 0 || (side !== 0 && own !== side)) return undefined;
      side = own;
      long += values.some((v) => v.count > 0n) ? 1 : 0;
    }
    items.push({ runs: values });
    quantityRuns.push(flat.pieces.map((p) => ({ from: p.from, step: p.step })));
  }
  if (long === 0) return undefined; // nothing to fill: the other paths decide
  const room = problem.cashBudget - problem.fixedCash;
  const leastSlack = modulus === 0n ? room - base : mod(room - base, modulus);
  if (leastSlack < 0n) return undefined;
  return { items, quantityRuns, dual, lambdaK, leastSlack, outside, room, m };
}

/**
 * The fill of one attempt and its slack, when it is proven best: an exact fill of the least slack, or else the
 * largest fill of the flat sets (exhaustive table) when every step off them costs more than the extra slack.
 */
function provenFill(attempt: Attempt, limits: FillSearchLimits): { picks: FillPick[]; slack: bigint } | undefined {
  const target = attempt.room - attempt.leastSlack;
  const fill = (nodeBudget: number) => exactFill(attempt.items, target, { nodeBudget, deadline: limits.deadline });
  // A short search first (long runs close in a few nodes), then the table where it is small, else a longer search.
  const exact = fill(QUICK_NODES);
  if (exact.kind === "found") return { picks: exact.picks, slack: attempt.leastSlack };
  const largest = largestFill(attempt.items, attempt.room, TABLE_CELLS);
  if (largest.kind === "too-large") {
    const longer = exact.kind === "gave-up" ? fill(limits.nodeBudget ?? DEFAULT_NODE_BUDGET) : exact;
    return longer.kind === "found" ? { picks: longer.picks, slack: attempt.leastSlack } : undefined;
  }
  if (largest.kind !== "found") return undefined;
  const slack = attempt.room - largest.sum;
  // A better x would leave less slack, so it must step off a flat set, which costs at least `outside`.
  const extra = attempt.lambdaK * (slack - attempt.leastSlack);
  if (extra > 0n && attempt.outside !== undefined && attempt.outside <= extra) return undefined;
  return { picks: largest.picks, slack };
}

/**
 * The problem with every Xᵢ cut to the quantities the cash can pay for while the others hold their cheapest
 * (no feasible x lies outside, so the bound and the flat sets of the cut problem hold for the original); far
 * quantities above the target then no longer weaken the proof. Undefined when a cut set is empty.
 */
function affordable(problem: ExactProblem): ExactProblem | undefined {
  const cheapest = problem.securities.map((s) => s.price * (s.pieces[0] as ExactPiece).from);
  const room = problem.cashBudget - problem.fixedCash - cheapest.reduce((a, b) => a + b, 0n);
  const securities: ExactSecurity[] = [];
  for (const [i, s] of problem.securities.entries()) {
    const most = floorDiv(room + (cheapest[i] as bigint), s.price);
    const pieces = s.pieces.flatMap((p) => {
      if (p.from > most) return [];
      return [{ ...p, to: p.to <= most ? p.to : p.from + ((most - p.from) / p.step) * p.step }];
    });
    if (pieces.length === 0) return undefined;
    securities.push({ ...s, pieces });
  }
  return { ...problem, securities };
}

/** The exact optimum when a fill of zero reduced cost is proven best, `gave-up` otherwise, or `timeout`. */
export function solveFill(formulation: Formulation, limits: FillSearchLimits): FillSearchOutcome {
  if (formulation.tieBreak !== "value") return { kind: "gave-up" }; // the shares tie-break is not constant
  if (formulation.securities.some((t) => !t.fixed && t.pieces.length === 0)) return { kind: "gave-up" };
  const problem = affordable(exactProblemOf(formulation));
  if (!problem) return { kind: "gave-up" };
  for (const [lambda, m] of multipliersOf(problem)) {
    const attempt = attemptOf(problem, lambda, m);
    if (!attempt) continue;
    const fill = provenFill(attempt, limits);
    if (performance.now() > limits.deadline) return { kind: "timeout" };
    if (!fill) continue;
    const xs = fill.picks.map((pick, i) => {
      const run = (attempt.quantityRuns[i] as { from: bigint; step: bigint }[])[pick.run] as { from: bigint; step: bigint }; // prettier-ignore
      return run.from + pick.index * run.step;
    });
    if (!meetsBound(problem, attempt.m, attempt.dual + attempt.lambdaK * fill.slack, xs)) continue;
    const quantities = formulation.securities.map((t) => t.current);
    problem.securities.forEach((s, i) => {
      quantities[s.index] = new Dec((xs[i] as bigint).toString());
    });
    return { kind: "optimal", quantities };
  }
  return { kind: "gave-up" };
}

/** The proof, checked on the answer itself: M·F(x) equals the bound, the cash fits, and so does the turnover cap. */
function meetsBound(problem: ExactProblem, m: bigint, bound: bigint, xs: readonly bigint[]): boolean {
  let objective = problem.fixedObjective;
  let cash = problem.fixedCash;
  let turnover = 0n;
  problem.securities.forEach((s, i) => {
    const x = xs[i] as bigint;
    objective += objectiveOf(problem, s, x);
    cash += s.price * x;
    turnover += turnoverOf(s, x);
  });
  if (cash > problem.cashBudget) return false;
  if (problem.turnoverCap !== null && turnover > problem.turnoverCap) return false;
  return m * objective === bound;
}
