// The fill search (path `fill-search`): one binding row — the cash, or the turnover cap — over long runs of
// equal reduced cost with holes. E.g. `buy_only` with a minimum trade value, every model security below
// target: each share bought lowers the drift by exactly its price, and the problem is "spend the cash as
// exactly as possible" (README "How it solves"). The core search's windows are whole runs there, and HiGHS's
// bound never leaves the root LP.
//
// Exact by the core search's Lagrangian identity (core-search.ts) with the other row dropped: for a multiplier
// λ = Λ/M > 0 on the row and every x meeting it,
//   M·F(x) = D + Σ rᵢ(xᵢ) + Λ·K·slack,   rᵢ ≥ 0, slack = B − Σ Rowᵢ(xᵢ) ≥ 0.
// Every Rowᵢ lies in one residue class modulo gᵢ (fill-attempt.ts), so the slack is ≡ B − Σ baseᵢ modulo
// g = gcd gᵢ, hence at least s = that residue: M·F ≥ D + Λ·K·s for every feasible x. An x with every rᵢ = 0
// (each xᵢ in its flat set) and slack exactly s meets that bound: it is optimal, found by the exact fill of
// fill-exact.ts (or, leaving more slack, by the table of fill-table.ts when every step off the flat sets costs
// more than the extra slack). Every optimum then has all rᵢ = 0 and that slack too, so its tie-break (least
// traded value, README "Trading constraints") is the same for all of them — by itself on the turnover row, and
// on the cash row when every flat set of several quantities trades one way (fill-attempt.ts) — and the fill's
// fixed search order picks one. The dropped row is checked on the answer (then all the tied optima meet it as
// well). Anything else gives up, and the core search and the general MIP answer as before.
import { Dec } from "@ogs/domain";
import {
  exactProblemOf,
  objectiveOf,
  turnoverOf,
  type ExactPiece,
  type ExactProblem,
  type ExactSecurity,
} from "./exact-terms.js";
import { ceilDiv, floorDiv } from "./fill-arith.js";
import { attemptOf, type Attempt, type FillRow } from "./fill-attempt.js";
import { exactFill, type FillPick } from "./fill-exact.js";
import { breakpoints } from "./fill-flat.js";
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
  const extra = attempt.multiplierK * (slack - attempt.leastSlack);
  if (extra > 0n && attempt.outside !== undefined && attempt.outside <= extra) return undefined;
  return { picks: largest.picks, slack };
}

/**
 * The problem with every Xᵢ cut to the quantities the row can take while the others take their least (no
 * feasible x lies outside, so the bound and the flat sets of the cut problem hold for the original): far
 * quantities above the target then no longer weaken the proof. Undefined when a cut set is empty.
 */
function affordable(problem: ExactProblem, row: FillRow): ExactProblem | undefined {
  const load = (s: ExactSecurity, x: bigint) => (row === "cash" ? s.price * x : turnoverOf(s, x));
  const least = problem.securities.map(
    (s) =>
    s.pieces.flatMap((p) => breakpoints(s, p)).reduce((m, x) => (load(s, x) < m ? load(s, x) : m), load(s, (s.pieces[0] as ExactPiece).from)), // prettier-ignore
  );
  const room = (row === "cash" ? problem.cashBudget - problem.fixedCash : (problem.turnoverCap as bigint)) - least.reduce((a, b) => a + b, 0n); // prettier-ignore
  const securities: ExactSecurity[] = [];
  for (const [i, s] of problem.securities.entries()) {
    const most = room + (least[i] as bigint);
    // cash: P·x ≤ most; turnover: |P·x − UP| ≤ most.
    const high = floorDiv(most + (row === "cash" ? 0n : s.heldValue), s.price);
    const low = row === "cash" ? undefined : ceilDiv(s.heldValue - most, s.price);
    const pieces = s.pieces.flatMap((p) => {
      const from = low === undefined || p.from >= low ? p.from : p.from + ceilDiv(low - p.from, p.step) * p.step;
      const to = p.to <= high ? p.to : p.from + floorDiv(high - p.from, p.step) * p.step;
      return from <= to ? [{ ...p, from, to }] : [];
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
  const exact = exactProblemOf(formulation);
  const rows: FillRow[] = exact.turnoverCap === null ? ["cash"] : ["cash", "turnover"];
  for (const row of rows) {
    const problem = affordable(exact, row);
    if (!problem) continue;
    for (const [multiplier, m] of multipliersOf(problem)) {
      const attempt = attemptOf(problem, row, multiplier, m);
      if (!attempt) continue;
      const fill = provenFill(attempt, limits);
      if (performance.now() > limits.deadline) return { kind: "timeout" };
      if (!fill) continue;
      const xs = fill.picks.map((pick, i) => {
        const run = (attempt.quantityRuns[i] as { from: bigint; step: bigint }[])[pick.run] as { from: bigint; step: bigint }; // prettier-ignore
        return run.from + pick.index * run.step;
      });
      if (!meetsBound(problem, attempt.m, attempt.dual + attempt.multiplierK * fill.slack, xs)) continue;
      const quantities = formulation.securities.map((t) => t.current);
      problem.securities.forEach((s, i) => {
        quantities[s.index] = new Dec((xs[i] as bigint).toString());
      });
      return { kind: "optimal", quantities };
    }
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
