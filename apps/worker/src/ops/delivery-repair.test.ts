import { createLogger, createMetrics } from "@ogs/observability";
import type { DeliveryAttempt, WebhookDeliveryStatus } from "@ogs/store";
import { describe, expect, it } from "vitest";
import { createDeliveryRepair, REPAIR_REQUEST_ID, type DeliveryRepairPorts } from "./delivery-repair.js";

const NOW = new Date("2026-11-25T12:00:00.000Z");
const id = (n: number) => n.toString(16).padStart(24, "0");

interface FakeDelivery {
  redeliveries: number;
  job: "missing" | "present" | "failed";
  /** What a fresh read finds, when it changed after the sweep listed it. */
  now?: { status: WebhookDeliveryStatus; redeliveries: number };
  failing?: boolean;
}

function fakePorts(deliveries: FakeDelivery[]) {
  const enqueued: Array<[string, string, number]> = [];
  const failed: Array<[string, DeliveryAttempt, Date]> = [];
  const byId = new Map(deliveries.map((d, i) => [id(i + 1), d]));
  const ports: DeliveryRepairPorts = {
    listPendingBefore: async (_before, limit, afterId) =>
      [...byId]
        .map(([delivery_id, d]) => ({ delivery_id, rebalance_id: "r", redeliveries: d.redeliveries }))
        .filter((d) => afterId === undefined || d.delivery_id > afterId)
        .slice(0, limit),
    findById: async (deliveryId) =>
      byId.get(deliveryId)!.now ?? { status: "pending", redeliveries: byId.get(deliveryId)!.redeliveries },
    async currentJobState(deliveryId) {
      const d = byId.get(deliveryId)!;
      if (d.failing) throw new Error("Redis is not connected (reconnecting).");
      return d.job === "failed"
        ? { state: "failed", reason: "job stalled more than allowable limit" }
        : { state: d.job };
    },
    async enqueueCurrent(deliveryId, requestId, redeliveries) {
      enqueued.push([deliveryId, requestId, redeliveries]);
      byId.get(deliveryId)!.job = "present";
    },
    async failIfPending(deliveryId, attempt, failedAt) {
      failed.push([deliveryId, attempt, failedAt]);
      return true;
    },
  };
  return { ports, enqueued, failed };
}

function repairWith(ports: DeliveryRepairPorts) {
  const metrics = createMetrics("worker");
  const repair = createDeliveryRepair(ports, {
    afterMs: 60_000,
    logger: createLogger({ service: "worker", level: "silent" }),
    metrics,
    now: () => NOW,
  });
  const count = async (outcome: string) =>
    (await metrics.repairs.get()).values.find(
      (v) => v.labels.kind === "webhook_delivery" && v.labels.outcome === outcome,
    )?.value ?? 0;
  return { repair, count };
}

describe("webhook delivery repair", () => {
  it("enqueues the current run of a pending delivery whose job is gone, and leaves those whose job exists", async () => {
    const { ports, enqueued } = fakePorts([
      { redeliveries: 0, job: "missing" },
      { redeliveries: 2, job: "missing" },
      { redeliveries: 0, job: "present" },
    ]);
    const { repair, count } = repairWith(ports);
    expect(await repair.sweep()).toEqual({ checked: 3, enqueued: [id(1), id(2)], failed: [], errors: 0 });
    expect(enqueued).toEqual([
      [id(1), REPAIR_REQUEST_ID, 0],
      [id(2), REPAIR_REQUEST_ID, 2],
    ]);
    expect(await count("enqueued")).toBe(2);
    expect((await repair.sweep()).enqueued).toEqual([]);
  });

  it("marks failed a pending delivery whose job failed, naming the reason", async () => {
    const { ports, failed, enqueued } = fakePorts([{ redeliveries: 1, job: "failed" }]);
    const { repair, count } = repairWith(ports);
    expect(await repair.sweep()).toEqual({ checked: 1, enqueued: [], failed: [id(1)], errors: 0 });
    expect(failed).toEqual([
      [
        id(1),
        {
          at: NOW,
          error: "The delivery job failed before a final attempt was recorded: job stalled more than allowable limit",
          duration_ms: 0,
        },
        NOW,
      ],
    ]);
    expect(enqueued).toEqual([]);
    expect(await count("failed_delivery")).toBe(1);
  });

  it("leaves a delivery that was delivered or redelivered after it was listed", async () => {
    const { ports, enqueued } = fakePorts([
      { redeliveries: 0, job: "missing", now: { status: "delivered", redeliveries: 0 } },
      { redeliveries: 0, job: "missing", now: { status: "pending", redeliveries: 1 } },
    ]);
    expect(await repairWith(ports).repair.sweep()).toEqual({ checked: 2, enqueued: [], failed: [], errors: 0 });
    expect(enqueued).toEqual([]);
  });

  it("counts a failed check and goes on with the others", async () => {
    const { ports } = fakePorts([
      { redeliveries: 0, job: "missing", failing: true },
      { redeliveries: 0, job: "missing" },
    ]);
    const { repair, count } = repairWith(ports);
    expect(await repair.sweep()).toEqual({ checked: 2, enqueued: [id(2)], failed: [], errors: 1 });
    expect(await count("failed")).toBe(1);
  });
});
