// The fallback search: the reduced problem solved with HiGHS in two lexicographic stages.
import { Dec } from "@ogs/domain";
import { addedDrift, buildModel, type ReducedProblem } from "./reduced-mip.js";
import { runModel, type RunResult } from "./highs-runtime.js";

function reductionsOf(problem: ReducedProblem, run: RunResult): Dec[] {
  return problem.securities.map((_, i) => new Dec(Math.round(run.values[i] ?? Number.NaN)));
}

function freedCash(problem: ReducedProblem, reductions: readonly Dec[]): Dec {
  return problem.securities.reduce((sum, s, i) => sum.plus(s.price.times(reductions[i] as Dec)), new Dec(0));
}

function tradedShares(problem: ReducedProblem, reductions: readonly Dec[]): Dec {
  return problem.securities.reduce(
    (sum, s, i) =>
      sum.plus(
        s.tradeFreeReduction
          .minus(reductions[i] as Dec)
          .abs()
          .times(s.tradeWeight ?? 1),
      ),
    new Dec(0),
  );
}

function requireOptimal(run: RunResult, stage: string): void {
  if (run.status !== "optimal" && run.status !== "timeout") {
    // The reduced problem is feasible by construction (sell everything down to the bands).
    throw new Error(`HiGHS ended the ${stage} stage with status ${run.status} on a feasible problem`);
  }
}

/**
 * Stage 1 minimises the drift; stage 2 fixes the drift at that optimum (an exact integer row) and
 * minimises the shares traded Σ|u'ᵢ − uᵢ|. Stage 2 is kept only if exact arithmetic confirms the
 * same drift, enough cash and less trading; if it runs out of time the stage-1 optimum stands.
 * Returns the reductions kᵢ, or undefined when stage 1 runs out of time.
 */
export function searchWithHighs(problem: ReducedProblem, deadline: number): Dec[] | undefined {
  const secondsLeft = () => (deadline - performance.now()) / 1000;
  if (secondsLeft() <= 0) return undefined;
  const drift = buildModel(problem, { kind: "drift" });
  let first = runModel(drift, secondsLeft());
  if (first.status === "failed" && secondsLeft() > 0) first = runModel(drift, secondsLeft(), { noPresolve: true });
  if (first.status === "failed" && secondsLeft() <= 0) return undefined; // stopped at the limit: a timeout
  requireOptimal(first, "drift");
  if (first.status === "timeout") return undefined;
  let reductions = reductionsOf(problem, first);
  const limit = addedDrift(problem, reductions);
  if (secondsLeft() > 0) {
    const second = runModel(buildModel(problem, { kind: "trade", driftLimit: limit }), secondsLeft());
    requireOptimal(second, "trade");
    if (second.status === "optimal") {
      const candidate = reductionsOf(problem, second);
      const confirmed =
        freedCash(problem, candidate).gte(problem.excess) &&
        addedDrift(problem, candidate).lte(limit) &&
        tradedShares(problem, candidate).lt(tradedShares(problem, reductions));
      if (confirmed) reductions = candidate;
    }
  }
  return reductions;
}
