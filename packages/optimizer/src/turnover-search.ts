// The turnover search: the separable optimum fits the cash but trades more than the turnover cap
// (a fast path of paths.ts).
//
// Let sᵢ be the separable optimum and rᵢ the allowed quantity nearest uᵢ. When Xᵢ is one progression
// (whole shares or whole lots) holding uᵢ or wholly on one side of it, some optimum of the turnover-capped problem has every xᵢ
// between rᵢ and sᵢ: moving an xᵢ beyond sᵢ back to sᵢ, or one on the far side of uᵢ to rᵢ, never
// worsens (cost, shares) — fᵢ and |x − uᵢ| are convex and sᵢ minimises fᵢ — and never adds turnover.
// So write xᵢ = sᵢ − σᵢ·jᵢ with σᵢ = sign(sᵢ − uᵢ) and 0 ≤ jᵢ ≤ |sᵢ − rᵢ| shares (or lots) given back.
// Turnover becomes Σ pᵢ(|sᵢ − uᵢ| − jᵢ) ≤ cap, i.e. the cover row Σ pᵢjᵢ ≥ E = Σ |sᵢ − uᵢ|pᵢ − cap, and
// giving back j shares costs (1 − cᵢ)·pᵢ·j − 2aᵢ·min(j, 1), aᵢ how far sᵢ overshoots its target toward
// uᵢ: the covering knapsack of the cash search with every unit's cost scaled by ρ = 1 − c, which the
// branch-and-bound handles when ρ is the same for every security that gives back shares.
import { Dec } from "@ogs/domain";
import type { Formulation, SecurityTerm } from "./formulation.js";
import { contains, type Piece } from "./pieces.js";
import { reducedProblemOf, type ReducibleSecurity } from "./reduced-mip.js";
import { applyReductions, solveReduced, type SearchOptions, type SearchOutcome } from "./search.js";
import type { SecurityPlan } from "./separable.js";

const ONE = new Dec(1);

/** rᵢ, the allowed quantity nearest uᵢ, when the structure holds (Xᵢ one progression holding uᵢ or beside it). */
function nearestToHolding(term: SecurityTerm): Dec | undefined {
  const run = term.pieces[0];
  if (!run || term.pieces.length !== 1) return undefined;
  const u = term.current;
  if (u.lt(run.from)) return run.from;
  if (u.gt(run.to)) return run.to;
  return contains(run, u) ? u : undefined;
}

interface Givers {
  securities: ReducibleSecurity[];
  /** ρ = 1 − c, the cost ratio shared by every security that gives shares back. */
  ratio: Dec;
}

/** The securities that can give shares back (sᵢ ≠ rᵢ), or undefined when the structure check fails. */
function giversOf(formulation: Formulation, plans: readonly SecurityPlan[]): Givers | undefined {
  const securities: ReducibleSecurity[] = [];
  let rate: Dec | undefined;
  for (const [index, term] of formulation.securities.entries()) {
    const s = (plans[index] as SecurityPlan).best;
    if (term.fixed || s.eq(term.current)) continue;
    const r = nearestToHolding(term);
    if (r === undefined) return undefined;
    if (s.eq(r)) continue;
    if (rate !== undefined && !rate.eq(term.costRate)) return undefined;
    rate = term.costRate;
    const direction = s.gt(term.current) ? 1 : -1;
    const overshoot = s.times(term.price).minus(term.targetValue).times(direction);
    const step = (term.pieces[0] as Piece).step;
    const weight = formulation.tieBreak === "shares" ? step : term.price.times(step).times(formulation.valueUnit);
    const giver: ReducibleSecurity = {
      index,
      price: term.price.times(step),
      maxReduction: s.minus(r).abs().div(step),
      overshoot: Dec.max(0, overshoot),
      tradeFreeReduction: s.minus(term.current).abs().div(step),
      direction,
    };
    if (!step.eq(1)) giver.step = step;
    if (!weight.eq(1)) giver.tradeWeight = weight;
    securities.push(giver);
  }
  const ratio = ONE.minus(rate ?? 0);
  return ratio.gt(0) ? { securities, ratio } : undefined;
}

/** Structure check of the turnover search (see the header). */
export function turnoverSearchApplies(formulation: Formulation, plans: readonly SecurityPlan[]): boolean {
  return formulation.turnoverCap !== null && giversOf(formulation, plans) !== undefined;
}

/** The optimum of the turnover-capped problem without the cash row, or undefined outside the structure. */
export function searchTurnover(
  formulation: Formulation,
  plans: readonly SecurityPlan[],
  deadline: number,
  options: SearchOptions = {},
): SearchOutcome | undefined {
  const cap = formulation.turnoverCap;
  const givers = giversOf(formulation, plans);
  if (cap === null || givers === undefined) return undefined;
  const forced = formulation.securities.reduce(
    (sum, term, i) => sum.plus((plans[i] as SecurityPlan).best.minus(term.current).abs().times(term.price)),
    new Dec(0),
  );
  const problem = reducedProblemOf(givers.securities, forced.minus(cap), givers.ratio);
  const outcome = solveReduced(problem, deadline, options);
  if (outcome.kind === "timeout") return outcome;
  return { kind: "optimal", quantities: applyReductions(plans, problem, outcome.reductions), method: outcome.method };
}
