import { createLogger, createMetrics } from "@ogs/observability";
import type { RebalanceFlow } from "@ogs/queue";
import type { QueuedRebalance } from "@ogs/store";
import { describe, expect, it } from "vitest";
import { createRebalanceRepair, type RepairPorts } from "./rebalance-repair.js";

const NOW = new Date("2026-11-25T12:00:00.000Z");
const id = (n: number) => n.toString(16).padStart(24, "0");
const queued = (n: number): QueuedRebalance => ({ rebalance_id: id(n), portfolio_ids: [id(1000 + n)], request_id: `req-${n}` });

/** An in-memory store and queue: `stored` are the queued rebalances, `inQueue` those whose flow exists. */
function fakePorts({ stored, inQueue = [], noLongerQueued = [], failing = [] }: { stored: QueuedRebalance[]; inQueue?: string[]; noLongerQueued?: string[]; failing?: string[] }) {
  const enqueued: RebalanceFlow[] = [];
  const cutoffs: Date[] = [];
  const ports: RepairPorts = {
    async listQueuedBefore(before, limit, afterId) {
      cutoffs.push(before);
      return stored.filter((r) => afterId === undefined || r.rebalance_id > afterId).slice(0, limit);
    },
    isQueued: async (rebalanceId) => !noLongerQueued.includes(rebalanceId),
    async isEnqueued(rebalanceId) {
      if (failing.includes(rebalanceId)) throw new Error("Redis is not connected (reconnecting).");
      return inQueue.includes(rebalanceId);
    },
    async enqueue(flow) {
      enqueued.push(flow);
      inQueue.push(flow.rebalanceId);
    },
  };
  return { ports, enqueued, cutoffs };
}

function repairWith(ports: RepairPorts) {
  const metrics = createMetrics("worker");
  const repair = createRebalanceRepair(ports, { afterMs: 60_000, logger: createLogger({ service: "worker", level: "silent" }), metrics, now: () => NOW });
  const count = async (outcome: string) => (await metrics.rebalanceRepairs.get()).values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
  return { repair, count };
}

describe("rebalance repair", () => {
  it("enqueues exactly the queued rebalances whose flow is missing, with their stored portfolios and request id", async () => {
    const { ports, enqueued, cutoffs } = fakePorts({ stored: [queued(1), queued(2), queued(3)], inQueue: [id(2)] });
    const { repair, count } = repairWith(ports);
    const sweep = await repair.sweep();
    expect(sweep).toEqual({ checked: 3, enqueued: [id(1), id(3)], failed: 0 });
    expect(enqueued).toEqual([
      { rebalanceId: id(1), portfolioIds: [id(1001)], requestId: "req-1" },
      { rebalanceId: id(3), portfolioIds: [id(1003)], requestId: "req-3" },
    ]);
    expect(cutoffs[0]).toEqual(new Date(NOW.getTime() - 60_000));
    expect(await count("enqueued")).toBe(2);
  });

  it("leaves a rebalance alone when it moved on between the queue check and the store check", async () => {
    const { ports, enqueued } = fakePorts({ stored: [queued(1)], noLongerQueued: [id(1)] });
    expect(await repairWith(ports).repair.sweep()).toEqual({ checked: 1, enqueued: [], failed: 0 });
    expect(enqueued).toEqual([]);
  });

  it("counts a failed check, goes on with the others, and retries it at the next sweep", async () => {
    const failing = [id(1)];
    const { ports, enqueued } = fakePorts({ stored: [queued(1), queued(2)], failing });
    const { repair, count } = repairWith(ports);
    expect(await repair.sweep()).toEqual({ checked: 2, enqueued: [id(2)], failed: 1 });
    expect(await count("failed")).toBe(1);
    failing.length = 0;
    expect((await repair.sweep()).enqueued).toEqual([id(1)]);
    expect(enqueued.map((flow) => flow.rebalanceId)).toEqual([id(2), id(1)]);
  });

  it("pages through more queued rebalances than one page holds", async () => {
    const stored = Array.from({ length: 250 }, (_, i) => queued(i + 1));
    const { ports, enqueued } = fakePorts({ stored, inQueue: stored.slice(0, 240).map((r) => r.rebalance_id) });
    const sweep = await repairWith(ports).repair.sweep();
    expect(sweep.checked).toBe(250);
    expect(enqueued.map((flow) => flow.rebalanceId)).toEqual(stored.slice(240).map((r) => r.rebalance_id));
  });
});
