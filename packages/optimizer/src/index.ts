// Public surface of @ogs/optimizer: the exact rebalancing MIP (SPEC §5.1) and a thread pool for it.
export { solveRebalance, DEFAULT_TIME_LIMIT_MS, type SolveOptions } from "./solve.js";
export { SolutionCheckError } from "./solution-check-error.js";
export { createSolverPool, type SolverPool, type SolverPoolOptions } from "./pool.js";
export { parseInstance, formatResult } from "./instance-format.js";
