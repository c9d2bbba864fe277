// One round of the repair sweeps (rebalances, webhook deliveries), one after the other: what a `repair-sweep`
// job runs. The queue's job scheduler starts one round per REPAIR_INTERVAL_MS for the whole fleet (never two
// at once in one process: the maintenance queue runs one job at a time); a failed sweep is counted, logged and
// tried again at the next round.
import type { Logger, Metrics } from "@ogs/observability";

export interface RepairSweepTask {
  kind: "rebalance" | "webhook_delivery";
  sweep(): Promise<unknown>;
}

export function createRepairRound({
  sweeps,
  logger,
  metrics,
}: {
  sweeps: RepairSweepTask[];
  logger: Logger;
  metrics: Metrics;
}): () => Promise<void> {
  return async () => {
    for (const { kind, sweep } of sweeps) {
      try {
        await sweep();
      } catch (error) {
        metrics.repairs.inc({ kind, outcome: "failed" });
        logger.warn({ err: error, kind }, "repair sweep failed; retrying at the next interval");
      }
    }
  };
}

/** Items read per page; a sweep looks at all of them, page by page. */
export const REPAIR_PAGE = 100;

/**
 * Runs `visit` on every item a keyset-paged list returns (`list(limit, afterId)`, ordered by id), one at a
 * time; returns how many were visited.
 */
export async function forEachPage<T>(
  list: (limit: number, afterId?: string) => Promise<T[]>,
  idOf: (item: T) => string,
  visit: (item: T) => Promise<void>,
): Promise<number> {
  let visited = 0;
  let after: string | undefined;
  for (;;) {
    const page = await list(REPAIR_PAGE, after);
    for (const item of page) await visit(item);
    visited += page.length;
    if (page.length < REPAIR_PAGE) return visited;
    after = idOf(page[page.length - 1]!);
  }
}
