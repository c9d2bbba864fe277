// Runs the repair sweeps (rebalances, webhook deliveries) one after the other every `intervalMs`, the first
// run after one interval; a round never overlaps the previous one, and a failed sweep is counted, logged and
// tried again at the next round.
import type { Logger, Metrics } from "@ogs/observability";

export interface RepairSweepTask {
  kind: "rebalance" | "webhook_delivery";
  sweep(): Promise<unknown>;
}

export function startRepairLoop({ sweeps, intervalMs, logger, metrics }: { sweeps: RepairSweepTask[]; intervalMs: number; logger: Logger; metrics: Metrics }): { stop(): void } {
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
