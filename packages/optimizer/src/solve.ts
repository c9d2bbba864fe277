// solveRebalance: the proven-optimal whole-share rebalance of one portfolio (SPEC §5.1–§5.2), with the
// trading options (README "Trading constraints") declared once in formulation.ts.
import {
  Dec,
  NO_FEASIBLE_SOLUTION,
  computeMarketValue,
  deriveRebalanceResult,
  deriveUntradedResult,
  untradedMessage,
} from "@ogs/domain";
import type { RebalanceInput, RebalanceOptions, RebalanceOutcome, RebalanceResult } from "@ogs/domain";
import { solveCore } from "./core-search.js";
import { buildFormulation, type Formulation } from "./formulation.js";
import { solveFill } from "./fill-search.js";
import { solveGeneral } from "./general-search.js";
import { proveInfeasible } from "./infeasibility.js";
import { objectiveTerms } from "./objective.js";
import { solveFast, turnoverOf, type SolvePath } from "./paths.js";
import type { SolvedQuantities } from "./quantities-wire.js";
import { verifyFormulation } from "./verify.js";

/** Default solver time limit (SPEC §5.1). */
export const DEFAULT_TIME_LIMIT_MS = 30_000;

export interface SolveOptions extends RebalanceOptions {
  /** Time limit of one solve; past it the outcome is `timeout` (status infeasible). @defaultValue 30000 */
  timeLimitMs?: number;
  /**
   * Nodes the exact branch-and-bound of a cash-bound search may visit before HiGHS takes over (twenty times
   * as many for a turnover search over minimum-trade holes, which has no HiGHS fallback); 0 sends every
   * search to HiGHS. @defaultValue 100000
   */
  nodeBudget?: number;
  /**
   * `auto` tries the fast paths whose structure check proves them exact, then the general MIP;
   * `general` solves the general MIP of the whole formulation with HiGHS (the reference). @defaultValue "auto"
   */
  method?: "auto" | "general";
}

/** A result with the objective terms beside today's fields (`drift` is Σ |MV·tᵢ − xᵢ·pᵢ|). */
export interface RebalanceSolution extends RebalanceResult {
  /** Σ cᵢ·|dᵢ|·pᵢ, the transaction cost (0 without costs). */
  cost: Dec;
  /** Σ |dᵢ|·pᵢ, the traded value. */
  turnover: Dec;
  /** How the optimum was proven (`none` when nothing was solved). */
  path: SolvePath | "none";
}

const pathCounts: Record<SolvePath, number> = {
  separable: 0,
  "cash-search": 0,
  "turnover-search": 0,
  "fill-search": 0,
  "core-search": 0,
  general: 0,
};

/** How many solves each path has proven so far in this thread (for tests and the bench). */
export function solvePathCounts(): Readonly<Record<SolvePath, number>> {
  return { ...pathCounts };
}

/** Adds zero objective terms to a result where nothing was traded. */
export function untradedSolution(result: RebalanceResult, cause?: string): RebalanceSolution {
  const solution: RebalanceSolution = { ...result, cost: new Dec(0), turnover: new Dec(0), path: "none" };
  if (cause !== undefined) solution.message = `${NO_FEASIBLE_SOLUTION}: ${cause}`;
  return solution;
}

function optimalSolution(
  input: RebalanceInput,
  formulation: Formulation,
  quantities: Dec[],
  path: SolvePath,
  solveMs: number,
): RebalanceSolution {
  const { marketValue } = formulation;
  verifyFormulation(formulation, quantities);
  pathCounts[path] += 1;
  const result = deriveRebalanceResult({ input, marketValue, quantities, outcome: "optimal", solveMs });
  if (formulation.plain) return { ...result, cost: new Dec(0), turnover: turnoverOf(formulation, quantities), path };
  const terms = objectiveTerms(formulation, quantities);
  return { ...result, cost: terms.cost, turnover: terms.turnover, path };
}

/** How a solve ends: with a proven optimum (already found, not yet checked) or with nothing traded. */
interface Finish<T> {
  optimal(formulation: Formulation, quantities: Dec[], path: SolvePath, solveMs: number): T;
  untraded(marketValue: Dec, outcome: Exclude<RebalanceOutcome, "optimal">, solveMs: number, cause?: string): T;
}

/**
 * The solve itself, shared by both answers below. MV ≤ 0 → `nothing_to_rebalance`; an empty allowed set, or
 * holdings that need more than the cash or turnover allows even at their cheapest, → `infeasible` (proven
 * exactly, without HiGHS, naming an option that caused it); otherwise the fast paths of paths.ts where their
 * structure proves them exact, then the fill search (fill-search.ts), the core search (core-search.ts), else
 * the general MIP.
 */
function solveWith<T>(input: RebalanceInput, options: SolveOptions, finish: Finish<T>): T;
function solveWith<T>(input: RebalanceInput, options: SolveOptions, finish: Finish<T>, fastOnly: true): T | undefined;
function solveWith<T>(
  input: RebalanceInput,
  options: SolveOptions,
  finish: Finish<T>,
  fastOnly = false,
): T | undefined {
  const started = performance.now();
  const deadline = started + (options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS);
  const elapsed = () => performance.now() - started;
  const marketValue = computeMarketValue(input);
  const untraded = (outcome: Exclude<RebalanceOutcome, "optimal">, cause?: string) =>
    finish.untraded(marketValue, outcome, elapsed(), cause);
  if (marketValue.lte(0)) return untraded("nothing_to_rebalance");
  const formulation = buildFormulation(input, marketValue, options);
  const proof = proveInfeasible(formulation);
  if (proof) return untraded("infeasible", proof.cause);
  const fast = options.method === "general" ? undefined : solveFast(formulation, deadline, options);
  if (fast?.kind === "timeout") return fastOnly ? undefined : untraded("timeout");
  if (fast?.kind === "optimal") return finish.optimal(formulation, fast.quantities, fast.path, elapsed());
  if (fastOnly) return undefined;
  const fill = options.method === "general" ? undefined : solveFill(formulation, { deadline });
  if (fill?.kind === "timeout") return untraded("timeout");
  if (fill?.kind === "optimal") return finish.optimal(formulation, fill.quantities, "fill-search", elapsed());
  const core = options.method === "general" ? undefined : solveCore(formulation, { deadline });
  if (core?.kind === "timeout") return untraded("timeout");
  if (core?.kind === "optimal") return finish.optimal(formulation, core.quantities, "core-search", elapsed());
  const general = solveGeneral(formulation, deadline);
  if (general.kind !== "optimal") return untraded(general.kind);
  return finish.optimal(formulation, general.quantities, "general", elapsed());
}

/**
 * Synchronous, in-thread: the whole result with its derived figures and objective terms. Every optimum is
 * re-checked in exact decimals before it is returned.
 */
export function solveRebalance(input: RebalanceInput, options: SolveOptions = {}): RebalanceSolution {
  return solveWith(input, options, {
    optimal: (formulation, quantities, path, solveMs) => optimalSolution(input, formulation, quantities, path, solveMs),
    untraded: (marketValue, outcome, solveMs, cause) =>
      untradedSolution(deriveUntradedResult(input, marketValue, outcome, solveMs), cause),
  });
}

/**
 * The same solve answering only what a caller that stores facts needs (quantities-wire.ts): every optimum is
 * re-checked in exact decimals exactly as in solveRebalance, but no figure is derived — the worker derives
 * them again on read, so deriving them here was ~20 % of a solve's CPU thrown away.
 */
export function solveRebalanceQuantities(input: RebalanceInput, options: SolveOptions = {}): SolvedQuantities {
  return solveWith<SolvedQuantities>(input, options, quantitiesFinish(input));
}

/**
 * The same answer by the separable plan and the cash/turnover searches only, within `options.timeLimitMs`;
 * undefined where none of them proves the optimum in time (the caller then solves it in full elsewhere).
 */
export function solveRebalanceQuantitiesFast(
  input: RebalanceInput,
  options: SolveOptions,
): SolvedQuantities | undefined {
  return solveWith<SolvedQuantities>(input, options, quantitiesFinish(input), true);
}

function quantitiesFinish(input: RebalanceInput): Finish<SolvedQuantities> {
  return {
    optimal(formulation, quantities, path, solveMs) {
      verifyFormulation(formulation, quantities);
      pathCounts[path] += 1;
      return {
        status: "optimal",
        outcome: "optimal",
        marketValue: formulation.marketValue,
        solveMs,
        adjustedQuantities: quantities,
      };
    },
    untraded(marketValue, outcome, solveMs, cause) {
      const message = cause === undefined ? untradedMessage(outcome, marketValue) : `${NO_FEASIBLE_SOLUTION}: ${cause}`;
      return {
        status: "infeasible",
        outcome,
        message,
        marketValue,
        solveMs,
        adjustedQuantities: input.positions.map((p) => p.quantity),
      };
    },
  };
}
