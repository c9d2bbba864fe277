// The search when the separable optimum overspends: exact branch-and-bound first, HiGHS as fallback.
import { Dec } from "@ogs/domain";
import type { RebalanceInput } from "@ogs/domain";
import { solveCover } from "./cover-knapsack.js";
import { coverProblemOf } from "./cover-from-reduced.js";
import { searchWithHighs } from "./highs-search.js";
import { buildReducedProblem, type ReducedProblem } from "./reduced-mip.js";
import type { SecurityPlan } from "./separable.js";

/** Which method proved the optimum of a search. */
export type SearchMethod = "branch-and-bound" | "highs";

export type SearchOutcome = { kind: "optimal"; quantities: Dec[]; method: SearchMethod } | { kind: "timeout" };

export interface SearchOptions {
  /**
   * Nodes the branch-and-bound may visit before HiGHS takes over (0: HiGHS only).
   * @defaultValue 100000
   */
  nodeBudget?: number;
}

export const DEFAULT_NODE_BUDGET = 100_000;

const methodCounts: Record<SearchMethod, number> = { "branch-and-bound": 0, highs: 0 };

/** How many searches each method has proved so far in this thread (for tests and the bench). */
export function searchMethodCounts(): Readonly<Record<SearchMethod, number>> {
  return { ...methodCounts };
}

function branchAndBound(problem: ReducedProblem, nodeBudget: number, deadline: number): Dec[] | undefined {
  const cover = nodeBudget > 0 ? coverProblemOf(problem) : undefined;
  if (!cover) return undefined;
  const outcome = solveCover(cover, { nodeBudget, deadline });
  return outcome.kind === "optimal" ? outcome.units.map((k) => new Dec(k)) : undefined;
}

/**
 * Solves the reduced problem (reduced-mip.ts) lexicographically — least drift, then least trading —
 * by the exact branch-and-bound of cover-knapsack.ts; if that gives up within its node budget or the
 * problem is outside its assumptions, HiGHS (highs-search.ts) solves it instead.
 */
export function searchWithCash(
  input: RebalanceInput,
  marketValue: Dec,
  plans: readonly SecurityPlan[],
  spent: Dec,
  deadline: number,
  options: SearchOptions = {},
): SearchOutcome {
  const problem = buildReducedProblem(input.positions, plans, spent.minus(marketValue));
  if (deadline - performance.now() <= 0) return { kind: "timeout" };
  let method: SearchMethod = "branch-and-bound";
  let reductions = branchAndBound(problem, options.nodeBudget ?? DEFAULT_NODE_BUDGET, deadline);
  if (!reductions) {
    method = "highs";
    reductions = searchWithHighs(problem, deadline);
    if (!reductions) return { kind: "timeout" };
  }
  methodCounts[method] += 1;
  const quantities = plans.map((plan) => plan.best);
  problem.securities.forEach((s, i) => {
    quantities[s.index] = (quantities[s.index] as Dec).minus(reductions[i] as Dec);
  });
  return { kind: "optimal", quantities, method };
}
