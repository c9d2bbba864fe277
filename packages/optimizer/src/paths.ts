// The fast paths over the formulation, each taken only where a structure check proves it exact; anything
// else returns undefined and the caller solves the general MIP.
//
// 1. Separable: the per-security optima (separable.ts) are a relaxation's optimum; if they satisfy the
//    cash and turnover rows they are the optimum.
// 2. Cash search: when only the cash row is broken, some optimum has xᵢ ≤ sᵢ in every security (lowering
//    an xᵢ above its separable optimum sᵢ toward sᵢ never worsens (cost, shares) and frees cash), and the
//    cash row alone is a relaxation of cash + turnover. The covering knapsack of reduced-mip.ts models
//    selling down from sᵢ exactly when each security's allowed quantities below sᵢ are one progression
//    (whole shares, or whole lots with the lot as the unit) and selling costs the same multiple of the
//    value sold everywhere (the first unit sold may gain, every further one costs its price times ρ: the
//    item shape the branch-and-bound assumes). Its optimum is kept if it meets the turnover cap.
// 3. Turnover search (turnover-search.ts): when the turnover cap is broken (and the cash search did not
//    settle it), the same knapsack over the shares given back toward today's holdings, with the cash row
//    dropped; its optimum is kept if it fits the cash.
import { Dec } from "@ogs/domain";
import type { Formulation } from "./formulation.js";
import { searchWithCash, type SearchOptions } from "./search.js";
import { planFormulation, type SecurityPlan } from "./separable.js";
import { searchTurnover, turnoverSearchApplies } from "./turnover-search.js";

const ONE = new Dec(1);

export type SolvePath = "separable" | "cash-search" | "turnover-search" | "fill-search" | "core-search" | "general";

export type FastOutcome = { kind: "optimal"; quantities: Dec[]; path: SolvePath } | { kind: "timeout" };

function spendOf(formulation: Formulation, quantities: readonly Dec[]): Dec {
  return formulation.securities.reduce(
    (sum, term, i) => sum.plus((quantities[i] as Dec).times(term.price)),
    new Dec(0),
  );
}

export function turnoverOf(formulation: Formulation, quantities: readonly Dec[]): Dec {
  return formulation.securities.reduce(
    (sum, term, i) => sum.plus((quantities[i] as Dec).minus(term.current).abs().times(term.price)),
    new Dec(0),
  );
}

const withinTurnover = (formulation: Formulation, quantities: readonly Dec[]) =>
  formulation.turnoverCap === null || turnoverOf(formulation, quantities).lte(formulation.turnoverCap);

/**
 * Structure check of path 2: below sᵢ, one progression (whole shares or whole lots), and every share sold costs the same
 * multiple ρ of its price — 1 without a transaction cost c; 1 − c when the run stays at or above uᵢ
 * (each share sold cuts a buy); 1 + c when it stays at or below uᵢ (each adds to a sale). Returns ρ.
 */
export function cashSearchRatio(formulation: Formulation, plans: readonly SecurityPlan[]): Dec | undefined {
  let ratio: Dec | undefined;
  for (const [i, term] of formulation.securities.entries()) {
    const plan = plans[i] as SecurityPlan;
    if (plan.best.eq(plan.lower)) continue; // nothing to sell down
    const run = term.pieces[0];
    if (run === undefined || run.to.lt(plan.best)) return undefined;
    const c = term.costRate;
    let own: Dec;
    if (c.isZero()) own = ONE;
    else if (plan.lower.gte(term.current)) own = ONE.minus(c);
    else if (plan.best.lte(term.current)) own = ONE.plus(c);
    else return undefined;
    if (ratio !== undefined && !ratio.eq(own)) return undefined;
    ratio = own;
  }
  return ratio ?? ONE;
}

/** The optimum by a fast path, `timeout`, or undefined when no fast path is proven exact here. */
export function solveFast(formulation: Formulation, deadline: number, options: SearchOptions): FastOutcome | undefined {
  const plan = planFormulation(formulation);
  if (!plan.feasible) return undefined;
  const { plans } = plan;
  const best = plans.map((p) => p.best);
  const spend = spendOf(formulation, best);
  const cashFits = spend.lte(formulation.cashBudget);
  const turnoverFits = withinTurnover(formulation, best);
  if (cashFits && turnoverFits) return { kind: "optimal", quantities: best, path: "separable" };
  // Each search solves a relaxation (one linking row dropped); its answer is optimal if it meets the other row.
  const ratio = cashFits ? undefined : cashSearchRatio(formulation, plans);
  if (ratio !== undefined) {
    const outcome = searchWithCash(formulation, plans, spend, deadline, options, ratio);
    if (outcome.kind === "timeout") return outcome;
    if (outcome.kind === "optimal" && withinTurnover(formulation, outcome.quantities))
      return { kind: "optimal", quantities: outcome.quantities, path: "cash-search" };
  }
  if (turnoverFits || !turnoverSearchApplies(formulation, plans)) return undefined;
  const outcome = searchTurnover(formulation, plans, deadline, options);
  if (outcome === undefined || outcome.kind === "timeout") return outcome;
  if (outcome.kind === "gave-up") return undefined;
  return spendOf(formulation, outcome.quantities).lte(formulation.cashBudget)
    ? { kind: "optimal", quantities: outcome.quantities, path: "turnover-search" }
    : undefined;
}
