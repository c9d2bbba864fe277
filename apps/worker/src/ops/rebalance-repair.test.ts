import { createLogger, createMetrics } from "@ogs/observability";
import type { FinalizerState, RebalanceFlow } from "@ogs/queue";
import type { RebalanceStatus } from "@ogs/domain";
import type { UnsettledRebalance } from "@ogs/store";
import { describe, expect, it } from "vitest";
import { createRebalanceRepair, type RepairPorts } from "./rebalance-repair.js";

const NOW = new Date("2026-11-25T12:00:00.000Z");
const id = (n: number) => n.toString(16).padStart(24, "0");

interface FakeRebalance {
  status: RebalanceStatus;
  /** What its finaliser job looks like in Redis. */
  finalizer: FinalizerState;
  /** A fresh read finds it settled or deleted (it moved on after the sweep listed it). */
  settledSince?: boolean;
  /** Redis answers with an error for this one. */
  failing?: boolean;
}

/** An in-memory store and queue over `rebalances` (numbered 1…); enqueue and retry change the queue state. */
function fakePorts(rebalances: FakeRebalance[]) {
  const enqueued: RebalanceFlow[] = [];
  const retried: string[] = [];
  const cutoffs: Date[] = [];
  const byId = new Map(rebalances.map((r, i) => [id(i + 1), r]));
  const ports: RepairPorts = {
    async listUnsettledBefore(before, limit, afterId) {
      cutoffs.push(before);
      const listed: UnsettledRebalance[] = [...byId].map(([rebalanceId, r]) => ({
        rebalanceId,
        status: r.status,
        requestId: `req-${rebalanceId.slice(-3)}`,
      }));
      return listed.filter((r) => afterId === undefined || r.rebalanceId > afterId).slice(0, limit);
    },
    async findUnsettledFlow(rebalanceId) {
      return byId.get(rebalanceId)!.settledSince
        ? null
        : {
            portfolios: [{ portfolioId: `P-${rebalanceId.slice(-3)}`, index: 0 }],
            requestId: `req-${rebalanceId.slice(-3)}`,
          };
    },
    async finalizerState(rebalanceId) {
      const r = byId.get(rebalanceId)!;
      if (r.failing) throw new Error("Redis is not connected (reconnecting).");
      return r.finalizer;
    },
    async retryFinalizer(rebalanceId) {
      retried.push(rebalanceId);
      byId.get(rebalanceId)!.finalizer = "present";
      return true;
    },
    async enqueue(flow) {
      enqueued.push(flow);
      byId.get(flow.rebalanceId)!.finalizer = "present";
    },
  };
  return { ports, enqueued, retried, cutoffs };
}

function repairWith(ports: RepairPorts) {
  const metrics = createMetrics("worker");
  const repair = createRebalanceRepair(ports, {
    afterMs: 60_000,
    logger: createLogger({ service: "worker", level: "silent" }),
    metrics,
    now: () => NOW,
  });
  const count = async (outcome: string) =>
    (await metrics.repairs.get()).values.find((v) => v.labels.kind === "rebalance" && v.labels.outcome === outcome)
      ?.value ?? 0;
  return { repair, count };
}

describe("rebalance repair", () => {
  it("enqueues the unsettled rebalances whose flow is missing, with their stored portfolios and request id, and leaves the others", async () => {
    const { ports, enqueued, cutoffs } = fakePorts([
      { status: "queued", finalizer: "missing" },
      { status: "queued", finalizer: "present" },
      { status: "running", finalizer: "missing" },
      { status: "running", finalizer: "present" },
      // Final, its follow-ups not done, and its flow gone (lost with Redis' data, or trimmed after failing).
      { status: "completed", finalizer: "missing" },
    ]);
    const { repair, count } = repairWith(ports);
    expect(await repair.sweep()).toEqual({ checked: 5, enqueued: [id(1), id(3), id(5)], retried: [], failed: 0 });
    expect(enqueued).toEqual([
      { rebalanceId: id(1), portfolios: [{ portfolioId: "P-001", index: 0 }], requestId: "req-001" },
      { rebalanceId: id(3), portfolios: [{ portfolioId: "P-003", index: 0 }], requestId: "req-003" },
      { rebalanceId: id(5), portfolios: [{ portfolioId: "P-005", index: 0 }], requestId: "req-005" },
    ]);
    expect(cutoffs[0]).toEqual(new Date(NOW.getTime() - 60_000));
    expect(await count("enqueued")).toBe(3);
    // The next sweep finds their flows and does nothing.
    expect((await repair.sweep()).enqueued).toEqual([]);
  });

  it("retries a finaliser that used up its attempts (before or after the final status), and only that", async () => {
    const { ports, enqueued, retried } = fakePorts([
      { status: "running", finalizer: "failed" },
      { status: "failed", finalizer: "failed" },
    ]);
    const { repair, count } = repairWith(ports);
    expect(await repair.sweep()).toEqual({ checked: 2, enqueued: [], retried: [id(1), id(2)], failed: 0 });
    expect(retried).toEqual([id(1), id(2)]);
    expect(enqueued).toEqual([]);
    expect(await count("finalizer_retried")).toBe(2);
  });

  it("leaves a rebalance alone when a fresh read finds it settled or deleted after the queue check", async () => {
    const { ports, enqueued } = fakePorts([
      { status: "running", finalizer: "missing", settledSince: true },
      { status: "queued", finalizer: "missing", settledSince: true },
    ]);
    expect(await repairWith(ports).repair.sweep()).toEqual({ checked: 2, enqueued: [], retried: [], failed: 0 });
    expect(enqueued).toEqual([]);
  });

  it("counts a failed check, goes on with the others, and repairs it at the next sweep", async () => {
    const broken: FakeRebalance = { status: "queued", finalizer: "missing", failing: true };
    const { ports, enqueued } = fakePorts([broken, { status: "queued", finalizer: "missing" }]);
    const { repair, count } = repairWith(ports);
    expect(await repair.sweep()).toEqual({ checked: 2, enqueued: [id(2)], retried: [], failed: 1 });
    expect(await count("failed")).toBe(1);
    broken.failing = false;
    expect((await repair.sweep()).enqueued).toEqual([id(1)]);
    expect(enqueued.map((flow) => flow.rebalanceId)).toEqual([id(2), id(1)]);
  });

  it("pages through more active rebalances than one page holds", async () => {
    const rebalances: FakeRebalance[] = Array.from({ length: 250 }, (_, i) => ({
      status: "queued",
      finalizer: i < 240 ? "present" : "missing",
    }));
    const { ports, enqueued } = fakePorts(rebalances);
    const sweep = await repairWith(ports).repair.sweep();
    expect(sweep.checked).toBe(250);
    expect(enqueued.map((flow) => flow.rebalanceId)).toEqual(Array.from({ length: 10 }, (_, i) => id(241 + i)));
  });
});
