// Nothing is lost when the API dies mid-submission: a rebalance is stored as `queued` first and its flow
// enqueued second, so an API process that stops between the two leaves a rebalance nobody will run. Every
// worker sweeps for such rebalances on an interval and enqueues their flow once they are older than
// `afterMs` (far beyond the API's enqueue timeout, so a submission still in progress is never touched).
//
// Safe in every worker at once. A flow is added in one MULTI and its finaliser is the last of its jobs to
// end, so "finaliser absent, and afterwards the rebalance still queued" proves the flow never existed
// (a flow that ran and was trimmed would have moved the status on first). Two workers repairing the
// same rebalance add the same deterministic job ids, which BullMQ treats as one.
import type { Logger, Metrics } from "@ogs/observability";
import type { RebalanceFlow } from "@ogs/queue";
import type { QueuedRebalance } from "@ogs/store";

export interface RepairPorts {
  listQueuedBefore(before: Date, limit: number, afterId?: string): Promise<QueuedRebalance[]>;
  /** Read fresh from the store after the queue was checked. */
  isQueued(rebalanceId: string): Promise<boolean>;
  isEnqueued(rebalanceId: string): Promise<boolean>;
  enqueue(flow: RebalanceFlow): Promise<void>;
}

export interface RepairSweep {
  /** Queued rebalances older than `afterMs` that were looked at. */
  checked: number;
  /** Flows that were missing and were enqueued. */
  enqueued: string[];
  /** Rebalances whose check or enqueue failed (retried by the next sweep). */
  failed: number;
}

/** Rebalances read per page; a sweep looks at all of them, page by page. */
const PAGE = 100;

export function createRebalanceRepair(ports: RepairPorts, { afterMs, logger, metrics, now = () => new Date() }: { afterMs: number; logger: Logger; metrics: Metrics; now?: () => Date }) {
  async function repairOne(rebalance: QueuedRebalance, sweep: RepairSweep): Promise<void> {
    const log = { rebalance_id: rebalance.rebalance_id, request_id: rebalance.request_id };
    try {
      if (await ports.isEnqueued(rebalance.rebalance_id)) return;
      if (!(await ports.isQueued(rebalance.rebalance_id))) return;
      await ports.enqueue({ rebalanceId: rebalance.rebalance_id, portfolioIds: rebalance.portfolio_ids, requestId: rebalance.request_id });
      sweep.enqueued.push(rebalance.rebalance_id);
      metrics.rebalanceRepairs.inc({ outcome: "enqueued" });
      logger.warn({ ...log, portfolios: rebalance.portfolio_ids.length }, "rebalance was stored but its jobs were never enqueued (the submitting API stopped); enqueued them now");
    } catch (error) {
      sweep.failed += 1;
      metrics.rebalanceRepairs.inc({ outcome: "failed" });
      logger.warn({ ...log, err: error }, "could not check or enqueue a queued rebalance; the next sweep retries");
    }
  }

  return {
    async sweep(): Promise<RepairSweep> {
      const sweep: RepairSweep = { checked: 0, enqueued: [], failed: 0 };
      const before = new Date(now().getTime() - afterMs);
      let after: string | undefined;
      for (;;) {
        const page = await ports.listQueuedBefore(before, PAGE, after);
        for (const rebalance of page) await repairOne(rebalance, sweep);
        sweep.checked += page.length;
        if (page.length < PAGE) return sweep;
        after = page[page.length - 1]!.rebalance_id;
      }
    },
  };
}

export type RebalanceRepair = ReturnType<typeof createRebalanceRepair>;

/** Runs `repair.sweep()` every `intervalMs` (first run after one interval); a sweep never overlaps the previous one. */
export function startRebalanceRepair({ repair, intervalMs, logger, metrics }: { repair: RebalanceRepair; intervalMs: number; logger: Logger; metrics: Metrics }): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    repair
      .sweep()
      .catch((error: unknown) => {
        metrics.rebalanceRepairs.inc({ outcome: "failed" });
        logger.warn({ err: error }, "rebalance repair sweep failed; retrying at the next interval");
      })
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
