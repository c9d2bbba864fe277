// Public surface of @ogs/optimizer: the exact rebalancing MIP (SPEC §5.1) with its trading options, and a thread pool for it.
export { solveRebalance, DEFAULT_TIME_LIMIT_MS, type SolveOptions, type RebalanceSolution } from "./solve.js";
export type { SolvePath } from "./paths.js";
export { SolutionCheckError } from "./solution-check-error.js";
export { createSolverPool, type SolverPool, type SolverPoolOptions } from "./pool.js";
export type { SolvedQuantities } from "./quantities-wire.js";
export { parseInstance, parseProblem, formatResult, type SolveProblem } from "./instance-format.js";
