// The exactly-once checker must be able to fail (a check that cannot fail proves nothing): before any
// scenario it is shown a settled rebalance, which must pass, and three broken ones — a portfolio stored
// twice, a submitted one missing, one left running with counts that do not add up — which must each fail.
import type { StatusView } from "./client.js";
import { findProblems } from "./exactly-once.js";

const ids = ["a".repeat(24), "b".repeat(24), "c".repeat(24)];
const progress = (completed: number, running = 0) => ({
  queued: 0,
  running,
  completed,
  infeasible: 0,
  failed: 0,
  cancelled: 0,
});

function views(portfolios: Array<{ portfolio_id: string; status: string }>, counts: Record<string, number>) {
  const common = { rebalance_id: "r".repeat(24), status: "completed", number_of_portfolios: 3, progress: counts };
  const view: StatusView = { ...common, error: null, completed_at: "2025-01-01T00:00:00.000Z" };
  const doc = { ...view, portfolios: portfolios.map((p) => ({ ...p, error: null })) };
  return { doc, view };
}

export function checkChecker(): void {
  const settled = views(
    ids.map((portfolio_id) => ({ portfolio_id, status: "completed" })),
    progress(3),
  );
  const broken = {
    duplicated: views(
      [ids[0]!, ids[0]!, ids[1]!].map((portfolio_id) => ({ portfolio_id, status: "completed" })),
      progress(3),
    ),
    missing: views(
      ids.slice(0, 2).map((portfolio_id) => ({ portfolio_id, status: "completed" })),
      progress(2),
    ),
    unsettled: views(
      ids.map((portfolio_id, i) => ({ portfolio_id, status: i === 2 ? "running" : "completed" })),
      progress(3),
    ),
  };
  const clean = findProblems(ids, settled.doc, settled.view);
  if (clean.length) throw new Error(`the exactly-once checker rejects a settled rebalance: ${clean.join("; ")}`);
  for (const [name, { doc, view }] of Object.entries(broken))
    if (findProblems(ids, doc, view).length === 0)
      throw new Error(`the exactly-once checker does not notice a ${name} portfolio`);
}
