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
import { contains, latticeIn, type Piece } from "./pieces.js";
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

/** The way from sᵢ back to the holding: rᵢ, the unit (shares or a lot) and the unit counts a hole forbids. */
interface PathToHolding {
  nearest: Dec;
  step: Dec;
  gap?: { from: number; to: number };
}

/**
 * With several progressions, the allowed quantities between sᵢ and uᵢ must be one run from sᵢ to an edge
 * e and then uᵢ itself, |uᵢ − e| a whole number of the run's steps: a minimum-trade hole in front of the
 * holding. Giving back k units is then allowed for k up to |sᵢ − e|/step and for k = |sᵢ − uᵢ|/step.
 */
function pathToHolding(term: SecurityTerm, s: Dec): PathToHolding | undefined {
  const single = nearestToHolding(term);
  if (single !== undefined) return { nearest: single, step: (term.pieces[0] as Piece).step };
  const u = term.current;
  const [low, high] = s.lt(u) ? [s, u] : [u, s];
  const inside = term.pieces.flatMap((p) => latticeIn(Dec.max(p.from, low), Dec.min(p.to, high), p.from, p.step) ?? []); // prettier-ignore
  const run = inside.find((p) => contains(p, s));
  if (!run || !u.isInteger()) return undefined;
  if (inside.length === 1) return contains(run, u) ? { nearest: u, step: run.step } : undefined;
  const point = inside.find((p) => p !== run);
  if (inside.length !== 2 || !point || !point.from.eq(u) || !point.to.eq(u)) return undefined;
  const edge = s.lt(u) ? run.to : run.from;
  const step = run.from.eq(run.to) ? u.minus(s).abs() : run.step;
  const jump = u.minus(edge).abs();
  if (!jump.mod(step).isZero()) return undefined;
  const before = s.minus(edge).abs().div(step).toNumber();
  const units = jump.div(step).toNumber();
  const path: PathToHolding = { nearest: u, step };
  if (units > 1) path.gap = { from: before + 1, to: before + units - 1 };
  return path;
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
    const path = pathToHolding(term, s);
    if (path === undefined) return undefined;
    const r = path.nearest;
    if (s.eq(r)) continue;
    if (rate !== undefined && !rate.eq(term.costRate)) return undefined;
    rate = term.costRate;
    const direction = s.gt(term.current) ? 1 : -1;
    const overshoot = s.times(term.price).minus(term.targetValue).times(direction);
    const step = path.step;
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
    if (path.gap) giver.gap = path.gap;
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
  if (outcome.kind !== "optimal") return outcome;
  return { kind: "optimal", quantities: applyReductions(plans, problem, outcome.reductions), method: outcome.method };
}
