// Nothing is lost when a process dies between two stores. A rebalance is stored as `queued` first and its
// flow enqueued second, so an API process that stops in between leaves a rebalance nobody will run (and
// Redis that loses its data loses the flows of running ones); a finaliser that used up its attempts
// (MongoDB down for minutes) leaves a rebalance `running` with its portfolios locked, or final without its
// follow-ups (model date, portfolio release, webhooks: the store's `follow_up_pending`). Every worker sweeps
// these "unsettled" rebalances older than `afterMs` (far beyond the API's enqueue timeout, so a submission
// still in progress is never touched) and checks each one's finaliser job:
//   - missing, and afterwards the rebalance still unsettled → enqueue its flow again. A flow is added in one
//     MULTI and its finaliser is the last of its jobs to end and settles the rebalance before it completes,
//     so this proves the flow is gone. Portfolios with a stored result do nothing; the finaliser's steps
//     are idempotent.
//   - failed → retry it with fresh attempts.
// Safe in every worker at once: job ids are deterministic, so two workers add one flow; a finaliser
// retried by one is no longer failed for the other.
import type { Logger, Metrics } from "@ogs/observability";
import type { FinalizerState, RebalanceFlow } from "@ogs/queue";
import type { RebalanceFlowSource, UnsettledRebalance } from "@ogs/store";
import { forEachPage } from "./repair-loop.js";

export interface RepairPorts {
  listUnsettledBefore(before: Date, limit: number, afterId?: string): Promise<UnsettledRebalance[]>;
  /** The rebalance read fresh from the store (after the queue was checked) if it is still unsettled, else null. */
  findUnsettledFlow(rebalanceId: string): Promise<RebalanceFlowSource | null>;
  finalizerState(rebalanceId: string): Promise<FinalizerState>;
  retryFinalizer(rebalanceId: string): Promise<boolean>;
  enqueue(flow: RebalanceFlow): Promise<void>;
}

export interface RepairSweep {
  /** Unsettled rebalances older than `afterMs` that were looked at. */
  checked: number;
  /** Rebalances whose missing flow was enqueued. */
  enqueued: string[];
  /** Rebalances whose failed finaliser was retried. */
  retried: string[];
  /** Rebalances whose check or repair failed (retried by the next sweep). */
  failed: number;
}

export function createRebalanceRepair(
  ports: RepairPorts,
  {
    afterMs,
    logger,
    metrics,
    now = () => new Date(),
  }: { afterMs: number; logger: Logger; metrics: Metrics; now?: () => Date },
) {
  async function repairOne(
    { rebalanceId: rebalance_id, requestId: request_id, status }: UnsettledRebalance,
    sweep: RepairSweep,
  ): Promise<void> {
    const log = { rebalance_id, request_id, status };
    try {
      const state = await ports.finalizerState(rebalance_id);
      if (state === "present") return;
      if (state === "failed") {
        if (!(await ports.retryFinalizer(rebalance_id))) return;
        sweep.retried.push(rebalance_id);
        metrics.repairs.inc({ kind: "rebalance", outcome: "finalizer_retried" });
        logger.warn(log, "the rebalance's finaliser had used up its attempts; retried it");
        return;
      }
      const current = await ports.findUnsettledFlow(rebalance_id);
      if (!current) return;
      await ports.enqueue({ rebalanceId: rebalance_id, portfolios: current.portfolios, requestId: current.requestId });
      sweep.enqueued.push(rebalance_id);
      metrics.repairs.inc({ kind: "rebalance", outcome: "enqueued" });
      logger.warn(
        { ...log, portfolios: current.portfolios.length },
        "the rebalance's jobs were not in the queue (never enqueued, or lost with Redis' data); enqueued them now",
      );
    } catch (error) {
      sweep.failed += 1;
      metrics.repairs.inc({ kind: "rebalance", outcome: "failed" });
      logger.warn({ ...log, err: error }, "could not check or repair an unsettled rebalance; the next sweep retries");
    }
  }

  return {
    async sweep(): Promise<RepairSweep> {
      const sweep: RepairSweep = { checked: 0, enqueued: [], retried: [], failed: 0 };
      const before = new Date(now().getTime() - afterMs);
      sweep.checked = await forEachPage(
        (limit, after) => ports.listUnsettledBefore(before, limit, after),
        (rebalance) => rebalance.rebalanceId,
        (rebalance) => repairOne(rebalance, sweep),
      );
      return sweep;
    },
  };
}

export type RebalanceRepair = ReturnType<typeof createRebalanceRepair>;
