// Nothing is lost when the API dies between storing a rebalance and enqueuing its flow: a worker finds
// the queued rebalance without jobs once it is older than REBALANCE_REPAIR_AFTER_MS and enqueues it;
// a younger one (a submission that may still be enqueuing) and one whose flow exists are left alone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ObjectId } from "mongodb";
import { createTestContext } from "../../../test/support/context.js";
import { startSimulators, type RunningSimulators } from "../../../test/support/simulators.js";
import { DATASET, modelSnapshot, port } from "./support/dataset.js";
import { openHarness, startWorker, type Harness, type WorkerProcess } from "./support/worker-fleet.js";

const ctx = createTestContext("worker_repair");
let simulators: RunningSimulators;
let harness: Harness;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  simulators = await startSimulators({ dataset: DATASET });
  harness = openHarness(ctx);
  await harness.store.ensureIndexes();
});
afterAll(async () => {
  await worker?.child.stop(5_000);
  await harness?.close();
  await simulators?.stop();
});

/** Stores a rebalance as the API does, and never enqueues it: the API "died" in between. */
async function storeOnly(portfolioIds: string[], createdAt: Date) {
  const { rebalance } = await harness.store.rebalances.create({ snapshot: modelSnapshot(new ObjectId().toHexString()), portfolio_ids: portfolioIds, request_id: `req-orphan-${createdAt.getTime()}` }, createdAt);
  return rebalance;
}

describe("repair of a rebalance whose jobs were never enqueued", () => {
  it("enqueues the old orphan, which then completes with one result per portfolio; leaves the young orphan and the enqueued rebalance alone", async () => {
    const orphan = await storeOnly([port(1), port(2)], new Date(Date.now() - 120_000));
    const young = await storeOnly([port(3)], new Date());
    const normal = await harness.submit(modelSnapshot(new ObjectId().toHexString()), [port(6)], "req-normal");

    worker = await startWorker({ ...ctx, simulators: simulators.urls }, { REBALANCE_REPAIR_INTERVAL_MS: "300", REBALANCE_REPAIR_AFTER_MS: "60000" });
    const finished = await harness.waitUntilFinished(orphan.rebalance_id, 30_000);
    expect(finished.status).toBe("completed");
    const { items, total } = await harness.store.portfolioResults.list(orphan.rebalance_id, { offset: 0, limit: 10 });
    expect(total).toBe(2);
    expect(items.map((r) => [r.portfolio_id, r.status, r.attempts])).toEqual(
      expect.arrayContaining([
        [port(1), "completed", 1],
        [port(2), "completed", 1],
      ]),
    );
    expect((await harness.waitUntilFinished(normal.rebalance_id)).status).toBe("completed");

    // Several more sweeps: the young orphan stays queued without jobs, and nothing is enqueued twice.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await harness.store.rebalances.get(young.rebalance_id))?.status).toBe("queued");
    expect(await harness.producer.isEnqueued(young.rebalance_id)).toBe(false);
    const metrics = await (await fetch(`${worker.url}/metrics`)).text();
    expect(metrics).toMatch(/ogs_rebalance_repairs_total\{[^}]*outcome="enqueued"[^}]*\} 1\n/);
    expect(worker.output()).toContain(`"rebalance_id":"${orphan.rebalance_id}"`);
    expect(worker.output()).toMatch(/its jobs were never enqueued/);
  });
});
