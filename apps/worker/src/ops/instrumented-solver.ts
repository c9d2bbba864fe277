// Solver time and status in the metrics (SPEC §7): optimal, infeasible, timeout, nothing_to_rebalance or error.
import type { Metrics } from "@ogs/observability";
import type { Solver } from "../processing/ports.js";

export function instrumentSolver(solver: Solver, metrics: Metrics): Solver {
  return {
    async solveQuantities(input, options) {
      const stop = metrics.solverDuration.startTimer();
      try {
        const result = await solver.solveQuantities(input, options);
        stop({ status: result.outcome });
        return result;
      } catch (error) {
        stop({ status: "error" });
        throw error;
      }
    },
  };
}
