// The core search: an exact depth-first search for the formulations no fast path covers (minimum-trade
// holes, two cost ratios, lots with a binding cash row or turnover cap, both rows at once).
//
// With multipliers λ, μ ≥ 0 (dual-multipliers.ts) and D their dual value, every x that meets both rows has,
// exactly (all in M·W units, exact-terms.ts):
//   M·Σ Fᵢ(xᵢ) = D + Σ rᵢ(xᵢ) + Λ·K·(B − Σ Aᵢ) + Μ·K·(T − Σ Btᵢ),   every term after D ≥ 0,
// rᵢ the reduced costs of core-windows.ts. So an answer at least as good as an incumbent of objective F*
// has Σ rᵢ ≤ G = M·F* − D: each xᵢ lies in its window of reduced cost ≤ G, usually one or two quantities.
// The search enumerates the windows' product depth first, pruned by that identity (the rows' unfilled
// room the remaining windows cannot take is a slack that costs Λ or Μ per unit), by what the remaining
// windows can still spend, and by the tie-break; every leaf is checked exactly against both rows. Without
// an incumbent it runs in rounds of growing G until one is found inside the round's G: then nothing better
// lies outside, and the answer is proven. It gives up (the caller solves the general MIP) past a node
// budget or when a window would hold too many quantities.
import { Dec } from "@ogs/domain";
import { searchWindows, type Best } from "./core-dfs.js";
import { createEvaluator, securityMinimum, windowOf, type Candidate, type SecurityWindow } from "./core-windows.js";
import { chooseMultipliers } from "./dual-multipliers.js";
import { exactProblemOf, type ExactProblem } from "./exact-terms.js";
import type { Formulation } from "./formulation.js";

export type CoreOutcome = { kind: "optimal"; quantities: Dec[] } | { kind: "gave-up" } | { kind: "timeout" };

export interface CoreLimits {
  /** performance.now() past which the search stops with `timeout`. */
  deadline: number;
  /** Nodes over all rounds before giving up. @defaultValue 1000000 */
  nodeBudget?: number;
}

const DEFAULT_NODE_BUDGET = 1_000_000;
/** Quantities one window may hold, and in all windows together, before the search gives up. */
const WINDOW_CAP = 4_096;
const TOTAL_CAP = 65_536;
/** G grows by this factor per round without an incumbent, from one currency unit. */
const GROWTH = 4n;
const ROUNDS = 14;

/** The exact optimum of the formulation, `gave-up` (solve the general MIP), or `timeout`. */
export function solveCore(formulation: Formulation, limits: CoreLimits): CoreOutcome {
  if (formulation.securities.some((t) => !t.fixed && t.pieces.length === 0)) return { kind: "gave-up" };
  const problem = exactProblemOf(formulation);
  const multipliers = chooseMultipliers(problem);
  const evaluate = createEvaluator(problem, multipliers);
  const m = multipliers.denominator;
  const lambdaK = multipliers.cash * problem.costScale;
  const cap = problem.turnoverCap;
  const muK = cap === null ? 0n : multipliers.turnover * problem.costScale;
  const minima = problem.securities.map((s) => securityMinimum(s, evaluate));
  const dual =
    minima.reduce((sum, g) => sum + g, 0n) +
    m * problem.fixedObjective +
    lambdaK * (problem.fixedCash - problem.cashBudget) -
    (cap === null ? 0n : muK * cap);
  const budget = { nodes: limits.nodeBudget ?? DEFAULT_NODE_BUDGET, used: 0 };
  let best: Best | undefined;
  let limit = m * problem.costScale * BigInt(problem.scale.toFixed(0));
  for (let round = 0; round < ROUNDS; round += 1) {
    const windows: SecurityWindow[] = [];
    let total = 0;
    for (const [i, s] of problem.securities.entries()) {
      const window = windowOf(s, minima[i] as bigint, limit, evaluate, WINDOW_CAP);
      total += window?.candidates.length ?? 0;
      if (!window || total > TOTAL_CAP) return { kind: "gave-up" };
      windows.push(window);
    }
    const outcome = searchWindows(problem, windows, { dual, lambdaK, muK, m, limit }, best, budget, limits.deadline);
    if (outcome === "timeout" || outcome === "gave-up") return { kind: outcome };
    best = outcome;
    if (best && m * best.objective - dual <= limit) return { kind: "optimal", quantities: quantitiesOf(formulation, problem, best) }; // prettier-ignore
    limit = best ? m * best.objective - dual : limit * GROWTH;
  }
  return { kind: "gave-up" };
}

function quantitiesOf(formulation: Formulation, problem: ExactProblem, best: Best): Dec[] {
  const quantities = formulation.securities.map((t) => t.current);
  problem.securities.forEach((s, i) => {
    quantities[s.index] = new Dec((best.choice[i] as Candidate).x.toString());
  });
  return quantities;
}
