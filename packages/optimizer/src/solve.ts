// solveRebalance: the proven-optimal whole-share rebalance of one portfolio (SPEC §5.1–§5.2).
import { Dec, computeMarketValue, deriveRebalanceResult, deriveUntradedResult } from "@ogs/domain";
import type { RebalanceInput, RebalanceResult } from "@ogs/domain";
import { planSecurities } from "./separable.js";
import { searchWithCash } from "./search.js";
import { verifySolution } from "./verify.js";

/** Default solver time limit (SPEC §5.1). */
export const DEFAULT_TIME_LIMIT_MS = 30_000;

export interface SolveOptions {
  /** Time limit of one solve; past it the outcome is `timeout` (status infeasible). @defaultValue 30000 */
  timeLimitMs?: number;
  /**
   * Nodes the exact branch-and-bound of a cash-bound search may visit before HiGHS takes over; 0 sends
   * every search to HiGHS. @defaultValue 100000
   */
  nodeBudget?: number;
}

/**
 * Synchronous, in-thread. MV ≤ 0 → `nothing_to_rebalance`; an empty band or bands that need more
 * than MV → `infeasible` (proven exactly, without HiGHS); otherwise the separable optimum when it fits
 * the cash, else the search (an exact branch-and-bound, HiGHS as its fallback). Every optimum is re-checked in exact decimals before it is returned.
 */
export function solveRebalance(input: RebalanceInput, options: SolveOptions = {}): RebalanceResult {
  const started = performance.now();
  const deadline = started + (options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS);
  const elapsed = () => performance.now() - started;
  const marketValue = computeMarketValue(input);
  if (marketValue.lte(0)) return deriveUntradedResult(input, marketValue, "nothing_to_rebalance", elapsed());
  const plan = planSecurities(input, marketValue);
  if (!plan.feasible) return deriveUntradedResult(input, marketValue, "infeasible", elapsed());
  const { plans } = plan;
  let leastSpend = new Dec(0);
  let separableSpend = new Dec(0);
  input.positions.forEach((position, index) => {
    const securityPlan = plans[index];
    if (!securityPlan) return;
    leastSpend = leastSpend.plus(securityPlan.lower.times(position.price));
    separableSpend = separableSpend.plus(securityPlan.best.times(position.price));
  });
  if (leastSpend.gt(marketValue)) return deriveUntradedResult(input, marketValue, "infeasible", elapsed());
  let quantities = plans.map((p) => p.best);
  if (separableSpend.gt(marketValue)) {
    const outcome = searchWithCash(input, marketValue, plans, separableSpend, deadline, {
      nodeBudget: options.nodeBudget,
    });
    if (outcome.kind === "timeout") return deriveUntradedResult(input, marketValue, "timeout", elapsed());
    quantities = outcome.quantities;
  }
  verifySolution(input, marketValue, quantities);
  return deriveRebalanceResult({ input, marketValue, quantities, outcome: "optimal", solveMs: elapsed() });
}
