// The lean reply of a solver thread: what a caller that stores only facts needs of a solve (the worker,
// README "Worker fleet and queue": every served figure is derived again on read) — status, outcome, message,
// market value and the adjusted quantity of each input position, in input order. The thread has already
// re-checked the solution in exact decimals (solve.ts); this only carries it back as one JSON string, whose
// copy across the thread boundary is a memcpy where a structured clone of ~500 decimal strings was ~10 % of
// a worker's CPU (npm run profile:worker).
import { Dec, type RebalanceInput, type RebalanceResult } from "@ogs/domain";

/** What `SolverPool.solveQuantities` answers. */
export interface SolvedQuantities {
  status: RebalanceResult["status"];
  outcome: RebalanceResult["outcome"];
  /** Present when status is infeasible (as on RebalanceResult). */
  message?: string;
  marketValue: Dec;
  solveMs: number;
  /** The adjusted quantity of `input.positions[i]` (today's quantity when nothing was traded). */
  adjustedQuantities: Dec[];
}

/** The quantities of `result`, checked to answer `input`'s positions one for one, in order. */
export function quantitiesOf(input: RebalanceInput, result: RebalanceResult): SolvedQuantities {
  if (result.positions.length !== input.positions.length)
    throw new Error(`solver answered ${result.positions.length} positions for ${input.positions.length}`);
  const adjustedQuantities = result.positions.map((p, i) => {
    const asked = input.positions[i]?.securityId;
    if (p.securityId !== asked) throw new Error(`solver answered ${p.securityId} for ${asked}`);
    return p.adjustedQuantity;
  });
  const solved: SolvedQuantities = {
    status: result.status,
    outcome: result.outcome,
    marketValue: result.marketValue,
    solveMs: result.solveMs,
    adjustedQuantities,
  };
  if (result.message !== undefined) solved.message = result.message;
  return solved;
}

type PackedHead = [RebalanceResult["status"], RebalanceResult["outcome"], string | null, number, string];

/** One JSON string: status, outcome, message, solveMs, market value, then each adjusted quantity (exact digits). */
export function packQuantities(solved: SolvedQuantities): string {
  const head: PackedHead = [
    solved.status,
    solved.outcome,
    solved.message ?? null,
    solved.solveMs,
    solved.marketValue.toString(),
  ];
  return JSON.stringify([...head, ...solved.adjustedQuantities.map((q) => q.toString())]);
}

export function unpackQuantities(packed: string): SolvedQuantities {
  const [status, outcome, message, solveMs, marketValue, ...quantities] = JSON.parse(packed) as [
    ...PackedHead,
    ...string[],
  ];
  const solved: SolvedQuantities = {
    status,
    outcome,
    marketValue: new Dec(marketValue),
    solveMs,
    adjustedQuantities: quantities.map((q) => new Dec(q)),
  };
  if (message !== null) solved.message = message;
  return solved;
}
