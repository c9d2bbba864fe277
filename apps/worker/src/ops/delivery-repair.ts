// A webhook delivery reads `pending` while a job will still send it. Its job can be gone — the API stopped
// between marking a redelivery pending and enqueuing it, or Redis lost a delayed retry — or failed without a
// final attempt (its worker died too often; normally caught by the failed-jobs watcher, see
// ../webhooks/failed-jobs.ts). Every worker sweeps the deliveries pending for longer than `afterMs` and looks
// up the current run's job, whose id derives from the stored delivery:
//   - missing, and the delivery still pending with the same run when read again → the job is added again
//     (the same `webhook-id`, so a receiver deduplicates a send that did happen);
//   - failed → the delivery is marked failed with one attempt naming BullMQ's reason.
import type { Logger, Metrics } from "@ogs/observability";
import type { DeliveryAttempt, PendingDelivery, WebhookDelivery } from "@ogs/store";
import { jobFailedAttempt } from "../webhooks/failed-jobs.js";
import { forEachPage } from "./repair-loop.js";

export interface DeliveryRepairPorts {
  listPendingBefore(before: Date, limit: number, afterId?: string): Promise<PendingDelivery[]>;
  findById(deliveryId: string): Promise<Pick<WebhookDelivery, "status" | "redeliveries"> | undefined>;
  currentJobState(
    deliveryId: string,
    redeliveries: number,
  ): Promise<{ state: "missing" | "present" } | { state: "failed"; reason: string }>;
  enqueueCurrent(deliveryId: string, requestId: string, redeliveries: number): Promise<void>;
  failIfPending(deliveryId: string, attempt: DeliveryAttempt, failedAt: Date): Promise<boolean>;
}

export interface DeliveryRepairSweep {
  checked: number;
  enqueued: string[];
  failed: string[];
  errors: number;
}

/** The request id a repaired job's log lines carry. */
export const REPAIR_REQUEST_ID = "repair-sweep";

export function createDeliveryRepair(
  ports: DeliveryRepairPorts,
  {
    afterMs,
    logger,
    metrics,
    now = () => new Date(),
  }: { afterMs: number; logger: Logger; metrics: Metrics; now?: () => Date },
) {
  async function repairOne(
    { delivery_id, rebalance_id, redeliveries }: PendingDelivery,
    sweep: DeliveryRepairSweep,
  ): Promise<void> {
    const log = { delivery_id, rebalance_id, redeliveries };
    try {
      const job = await ports.currentJobState(delivery_id, redeliveries);
      if (job.state === "present") return;
      if (job.state === "failed") {
        const at = now();
        if (!(await ports.failIfPending(delivery_id, jobFailedAttempt(job.reason, at), at))) return;
        sweep.failed.push(delivery_id);
        metrics.repairs.inc({ kind: "webhook_delivery", outcome: "failed_delivery" });
        metrics.webhookDeliveries.inc({ outcome: "failed" });
        logger.warn({ ...log, reason: job.reason }, "webhook delivery failed: its job ended without a final attempt");
        return;
      }
      const current = await ports.findById(delivery_id);
      if (current?.status !== "pending" || current.redeliveries !== redeliveries) return;
      await ports.enqueueCurrent(delivery_id, REPAIR_REQUEST_ID, redeliveries);
      sweep.enqueued.push(delivery_id);
      metrics.repairs.inc({ kind: "webhook_delivery", outcome: "enqueued" });
      logger.warn(
        log,
        "webhook delivery was pending without a job (lost with Redis' data, or never enqueued); enqueued it now",
      );
    } catch (error) {
      sweep.errors += 1;
      metrics.repairs.inc({ kind: "webhook_delivery", outcome: "failed" });
      logger.warn(
        { ...log, err: error },
        "could not check or repair a pending webhook delivery; the next sweep retries",
      );
    }
  }

  return {
    async sweep(): Promise<DeliveryRepairSweep> {
      const sweep: DeliveryRepairSweep = { checked: 0, enqueued: [], failed: [], errors: 0 };
      const before = new Date(now().getTime() - afterMs);
      sweep.checked = await forEachPage(
        (limit, after) => ports.listPendingBefore(before, limit, after),
        (delivery) => delivery.delivery_id,
        (delivery) => repairOne(delivery, sweep),
      );
      return sweep;
    },
  };
}
