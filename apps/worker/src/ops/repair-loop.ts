// Runs the repair sweeps (rebalances, webhook deliveries) one after the other every `intervalMs`, the first
// run after one interval; a round never overlaps the previous one, and a failed sweep is counted, logged and
// tried again at the next round.
import type { Logger, Metrics } from "@ogs/observability";

export interface RepairSweepTask {
  kind: "rebalance" | "webhook_delivery";
  sweep(): Promise<unknown>;
}

export function startRepairLoop({
  sweeps,
  intervalMs,
  logger,
  metrics,
}: {
  sweeps: RepairSweepTask[];
  intervalMs: number;
  logger: Logger;
  metrics: Metrics;
}): { stop(): void } {
  let running = false;
  async function round(): Promise<void> {
    for (const { kind, sweep } of sweeps) {
      try {
        await sweep();
      } catch (error) {
        metrics.repairs.inc({ kind, outcome: "failed" });
        logger.warn({ err: error, kind }, "repair sweep failed; retrying at the next interval");
      }
    }
  }
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void round().finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
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
