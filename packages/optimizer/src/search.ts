// The search when the separable optimum overspends: exact branch-and-bound first, HiGHS as fallback.
import { Dec } from "@ogs/domain";
import type { Formulation } from "./formulation.js";
import { solveCover } from "./cover-knapsack.js";
import { coverProblemOf } from "./cover-from-reduced.js";
import { searchWithHighs } from "./highs-search.js";
import { buildReducedProblem, type ReducedProblem } from "./reduced-mip.js";
import type { SecurityPlan } from "./separable.js";

/** Which method proved the optimum of a search. */
export type SearchMethod = "branch-and-bound" | "highs";

/** `gave-up`: the problem has a gap the branch-and-bound could not settle (see solveReduced). */
export type SearchOutcome =
  { kind: "optimal"; quantities: Dec[]; method: SearchMethod } | { kind: "timeout" } | { kind: "gave-up" };

export interface SearchOptions {
  /**
   * Nodes the branch-and-bound may visit before HiGHS takes over (0: HiGHS only); a problem with gaps
   * gets GAP_BUDGET_FACTOR times as many. @defaultValue 100000
   */
  nodeBudget?: number;
}

export const DEFAULT_NODE_BUDGET = 100_000;

const methodCounts: Record<SearchMethod, number> = { "branch-and-bound": 0, highs: 0 };

/** How many searches each method has proved so far in this thread (for tests and the bench). */
export function searchMethodCounts(): Readonly<Record<SearchMethod, number>> {
  return { ...methodCounts };
}

/** A problem with gaps has no HiGHS fallback (and the general MIP stalls on it): it gets this many times the budget. */
const GAP_BUDGET_FACTOR = 20;

function branchAndBound(problem: ReducedProblem, nodeBudget: number, deadline: number): Dec[] | undefined {
  const cover = nodeBudget > 0 ? coverProblemOf(problem) : undefined;
  if (!cover) return undefined;
  const gapped = problem.securities.some((s) => s.gap);
  const outcome = solveCover(cover, { nodeBudget: gapped ? nodeBudget * GAP_BUDGET_FACTOR : nodeBudget, deadline });
  return outcome.kind === "optimal" ? outcome.units.map((k) => new Dec(k)) : undefined;
}

/** The reductions kᵢ of a reduced problem, proven optimal, or `timeout`. */
export type ReducedOutcome =
  { kind: "optimal"; reductions: Dec[]; method: SearchMethod } | { kind: "timeout" } | { kind: "gave-up" };

/**
 * Solves a reduced problem (reduced-mip.ts) lexicographically — least drift, then least trading —
 * by the exact branch-and-bound of cover-knapsack.ts; if that gives up within its node budget or the
 * problem is outside its assumptions, HiGHS (highs-search.ts) solves it instead.
 */
export function solveReduced(problem: ReducedProblem, deadline: number, options: SearchOptions = {}): ReducedOutcome {
  if (deadline - performance.now() <= 0) return { kind: "timeout" };
  let method: SearchMethod = "branch-and-bound";
  let reductions = branchAndBound(problem, options.nodeBudget ?? DEFAULT_NODE_BUDGET, deadline);
  if (!reductions) {
    // HiGHS's reduced model knows no gaps: such a problem goes to the core search and the general MIP.
    if (problem.securities.some((s) => s.gap)) return { kind: "gave-up" };
    method = "highs";
    reductions = searchWithHighs(problem, deadline);
    if (!reductions) return { kind: "timeout" };
  }
  methodCounts[method] += 1;
  return { kind: "optimal", reductions, method };
}

/** The quantities xᵢ = sᵢ − directionᵢ·kᵢ of a reduced problem's answer. */
export function applyReductions(plans: readonly SecurityPlan[], problem: ReducedProblem, reductions: Dec[]): Dec[] {
  const quantities = plans.map((plan) => plan.best);
  problem.securities.forEach((s, i) => {
    const shares = (reductions[i] as Dec).times(s.step ?? 1);
    quantities[s.index] = (quantities[s.index] as Dec).minus(s.direction === -1 ? shares.neg() : shares);
  });
  return quantities;
}

/** The cash search: sell down from the separable optimum until the cash row holds (see reduced-mip.ts). */
export function searchWithCash(
  formulation: Formulation,
  plans: readonly SecurityPlan[],
  spent: Dec,
  deadline: number,
  options: SearchOptions = {},
  ratio?: Dec,
): SearchOutcome {
  const holdings = formulation.securities.map((term) => {
    const step = term.pieces[0]?.step ?? new Dec(1);
    const tradeWeight = formulation.tieBreak === "shares" ? step : term.price.times(step).times(formulation.valueUnit);
    return { price: term.price, current: term.current, step, tradeWeight };
  });
  const problem = buildReducedProblem(holdings, plans, spent.minus(formulation.cashBudget), ratio);
  const outcome = solveReduced(problem, deadline, options);
  if (outcome.kind !== "optimal") return outcome;
  return { kind: "optimal", quantities: applyReductions(plans, problem, outcome.reductions), method: outcome.method };
}
