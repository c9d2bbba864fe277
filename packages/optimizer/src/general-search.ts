// Solves the general MIP (general-model.ts) with HiGHS in two lexicographic stages, as the reduced search does.
import { Dec } from "@ogs/domain";
import type { Formulation } from "./formulation.js";
import { buildGeneralModel, type SecurityColumns } from "./general-model.js";
import { runModel, type RunResult } from "./highs-runtime.js";
import { planFormulation } from "./separable.js";
import { compareTerms, objectiveTerms } from "./objective.js";
import { SolutionCheckError } from "./solution-check-error.js";
import { verifyFormulation } from "./verify.js";

export type GeneralOutcome = { kind: "optimal"; quantities: Dec[] } | { kind: "infeasible" } | { kind: "timeout" };

const whole = (value: number | undefined) => new Dec(Math.round(value ?? Number.NaN));

function quantitiesOf(formulation: Formulation, columns: readonly SecurityColumns[], run: RunResult): Dec[] {
  const quantities = formulation.securities.map((term) => term.current);
  for (const cols of columns) {
    const term = formulation.securities[cols.index];
    if (!term) continue;
    if (cols.pieces.length === 0) {
      quantities[cols.index] = cols.centre.plus(whole(run.values[cols.y]));
      continue;
    }
    // The chosen piece is the one whose binary is set (a lone piece has none).
    const chosen = cols.pieces.findIndex((p) => p.z < 0 || (run.values[p.z] ?? 0) > 0.5);
    const piece = term.pieces[chosen];
    const counter = cols.pieces[chosen];
    if (!piece || !counter) throw new Error(`HiGHS chose no piece for ${term.securityId}`);
    quantities[cols.index] = piece.from.plus(piece.step.times(whole(run.values[counter.n])));
  }
  return quantities;
}

function failed(run: RunResult, stage: string): never {
  throw new Error(`HiGHS ended the ${stage} stage of the general model with model status ${run.code ?? run.status}`);
}

/** Whether `candidate` passes the exact re-check (stage 2 is kept only if it does). */
function passes(formulation: Formulation, candidate: readonly Dec[]): boolean {
  try {
    verifyFormulation(formulation, candidate);
    return true;
  } catch (error) {
    if (error instanceof SolutionCheckError) return false;
    throw error;
  }
}

/**
 * Stage 1 minimises drift + cost; stage 2 fixes that at the stage-1 optimum (exact value) and minimises
 * the tie-break (shares or traded value). Stage 2 is kept only when exact arithmetic confirms it feasible
 * and better.
 */
export function solveGeneral(formulation: Formulation, deadline: number): GeneralOutcome {
  const secondsLeft = () => (deadline - performance.now()) / 1000;
  if (secondsLeft() <= 0) return { kind: "timeout" };
  const plan = planFormulation(formulation);
  if (!plan.feasible) return { kind: "infeasible" };
  const model = buildGeneralModel(
    formulation,
    plan.plans.map((p) => p.best),
  );
  // Every security fixed: today's holdings are the only candidate (the caller's exact check decides).
  if (model.columns.length === 0) return { kind: "optimal", quantities: formulation.securities.map((t) => t.current) };
  const primary = model.build({ kind: "primary" });
  let first = runModel(primary, secondsLeft());
  if (first.status === "failed" && secondsLeft() > 0) first = runModel(primary, secondsLeft(), { noPresolve: true });
  if (first.status === "failed" && secondsLeft() <= 0) return { kind: "timeout" }; // stopped at the limit
  if (first.status === "optimal" && !passes(formulation, quantitiesOf(formulation, model.columns, first)))
    first = runModel(primary, secondsLeft(), { tight: true }); // rounding to whole shares broke a row
  if (first.status === "infeasible") return { kind: "infeasible" };
  if (first.status === "timeout") return { kind: "timeout" };
  if (first.status !== "optimal") failed(first, "primary");
  let quantities = quantitiesOf(formulation, model.columns, first);
  if (secondsLeft() > 0) {
    const terms = objectiveTerms(formulation, quantities);
    const second = runModel(model.build({ kind: "trade", primaryLimit: terms.objective }), secondsLeft());
    if (second.status === "optimal") {
      const candidate = quantitiesOf(formulation, model.columns, second);
      if (passes(formulation, candidate) && compareTerms(objectiveTerms(formulation, candidate), terms) < 0)
        quantities = candidate;
    }
    // A stage 2 that times out, fails or finds the limit too tight (tolerances) leaves stage 1's optimum.
  }
  return { kind: "optimal", quantities };
}
