// Nothing is lost when a process dies between two stores: a worker finds an unsettled rebalance without jobs
// (the API died between storing and enqueuing it, Redis lost a running one's flow, or a final one's
// finaliser gave up before its follow-ups) once it is older than REPAIR_AFTER_MS and enqueues it; a younger one (a submission that may still be enqueuing) and
// one whose flow exists are left alone. The producer's finaliser checks run against real Redis.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ObjectId } from "mongodb";
import { UnrecoverableError, Worker } from "bullmq";
import { Dec } from "@ogs/domain";
import { createRedisConnection, QUEUE_NAMES } from "@ogs/queue";
import { BUCKET_SIZE } from "@ogs/store";
import { generateWebhookSecret, planDeliveries } from "@ogs/webhooks";
import {
  startWebhookReceiver,
  createTestContext,
  startSimulators,
  type RunningSimulators,
  DATASET,
  modelSnapshot,
  port,
  openHarness,
  startWorker,
  type Harness,
  type WorkerProcess,
} from "@ogs/test-support";

const ctx = createTestContext("worker_repair");
const SECRET = generateWebhookSecret();
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
  const { rebalance } = await harness.store.rebalances.create(
    {
      snapshot: modelSnapshot(new ObjectId().toHexString()),
      portfolioIds,
      requestId: `req-orphan-${createdAt.getTime()}`,
    },
    createdAt,
  );
  return rebalance;
}

describe("repair of an active rebalance whose jobs are not in the queue", () => {
  it("enqueues the old orphan, the running rebalance whose flow was lost and the final one without follow-ups, which then settle; leaves the young orphan and the enqueued rebalance alone", async () => {
    const orphan = await storeOnly([port(1), port(2)], new Date(Date.now() - 120_000));
    // Running, but its flow is gone (as after Redis lost its data).
    const lost = await storeOnly([port(6)], new Date(Date.now() - 120_000));
    await harness.store.rebalances.begin({ rebalanceId: lost.id, portfolioId: port(6), index: 0 });
    // Final, but its finaliser gave up before the follow-ups (model date, portfolio release, webhooks) and its flow is gone.
    const followModel = await harness.store.models.create({
      name: `follow-up ${new ObjectId().toHexString()}`,
      positions: [],
      portfolios: [],
    });
    const absent = new ObjectId().toHexString();
    const { rebalance: unfollowed } = await harness.store.rebalances.create(
      { snapshot: modelSnapshot(followModel.id), portfolioIds: [port(5), absent], requestId: "req-unfollowed" },
      new Date(Date.now() - 120_000),
    );
    // One portfolio solved, the other never ran; settled (status final, follow-ups pending) by a finaliser that then gave up.
    const solvedRef = { rebalanceId: unfollowed.id, portfolioId: port(5), index: 0 };
    await harness.store.rebalances.begin(solvedRef);
    await harness.store.rebalances.saveOutcome(
      { ...solvedRef, bucketSize: BUCKET_SIZE, prior: "running" },
      { status: "completed", portfolioName: "Fund", cash: new Dec(0), positions: [], tradeDate: "2026-12-04" },
      { attempts: 1, startedAt: null, finishedAt: null },
    );
    await harness.store.rebalances.settle(unfollowed.id);
    const young = await storeOnly([port(4)], new Date());
    const normal = await harness.submit(modelSnapshot(new ObjectId().toHexString()), [port(3)], "req-normal");
    // A webhook delivery pending for two minutes without a job (its redelivery was never enqueued, or Redis lost it).
    const receiver = await startWebhookReceiver({ secret: SECRET });
    const outcome = {
      rebalance_id: new ObjectId().toHexString(),
      model_id: new ObjectId().toHexString(),
      status: "completed",
      progress: { completed: 1 },
      completed_at: new Date(),
    };
    const { delivery: stranded } = await harness.store.webhookDeliveries.createOnce(
      planDeliveries(outcome, [], `${receiver.url}/stranded`)[0]!,
    );
    await harness.store.db
      .collection("webhook_deliveries")
      .updateOne({ _id: new ObjectId(stranded.delivery_id) }, { $set: { updated_at: new Date(Date.now() - 120_000) } });

    worker = await startWorker(
      { ...ctx, simulators: simulators.urls },
      {
        REPAIR_INTERVAL_MS: "300",
        REPAIR_AFTER_MS: "60000",
        WEBHOOK_SECRET: SECRET,
        WEBHOOK_ALLOWED_CIDRS: "127.0.0.0/8",
      },
    );
    const finished = await harness.waitUntilFinished(orphan.id, 30_000);
    expect(finished.status).toBe("completed");
    const items = await harness.reports(orphan.id);
    const total = items.length;
    expect(total).toBe(2);
    expect(items.map((r) => [r.portfolioId, r.status, r.run?.attempts])).toEqual(
      expect.arrayContaining([
        [port(1), "completed", 1],
        [port(2), "completed", 1],
      ]),
    );
    expect((await harness.waitUntilFinished(normal.id)).status).toBe("completed");
    expect((await harness.waitUntilFinished(lost.id)).status).toBe("completed");
    for (let deadline = Date.now() + 20_000; await harness.store.rebalances.findUnsettledFlow(unfollowed.id);) {
      if (Date.now() > deadline) throw new Error("the final rebalance's follow-ups were never done");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const settled = await harness.store.rebalances.get(unfollowed.id);
    expect(settled?.status).toBe("completed_with_errors");
    expect((await harness.store.models.get(followModel.id)).lastRebalanceDate).toEqual(settled?.completedAt);
    // Its portfolio is free again.
    await harness.store.rebalances.create({
      snapshot: modelSnapshot(followModel.id),
      portfolioIds: [port(5)],
      requestId: "req-after-follow-up",
    });
    // The stranded delivery was enqueued again and delivered, signed, once.
    const [received] = await receiver.waitFor(1, 20_000);
    expect(received?.verificationError).toBeUndefined();
    expect(received?.headers["webhook-id"]).toBe(stranded.webhook_id);
    for (
      let deadline = Date.now() + 10_000;
      (await harness.store.webhookDeliveries.findById(stranded.delivery_id))?.status !== "delivered";
    ) {
      if (Date.now() > deadline) throw new Error("the stranded delivery was not delivered");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await receiver.close();

    // Several more sweeps: the young orphan stays queued without jobs, and nothing is enqueued twice.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await harness.store.rebalances.get(young.id))?.status).toBe("queued");
    expect(await harness.producer.finalizerState(young.id)).toBe("missing");
    const metrics = await (await fetch(`${worker.url}/metrics`)).text();
    expect(metrics).toMatch(/ogs_repairs_total\{[^}]*kind="rebalance",outcome="enqueued"[^}]*\} 3\n/);
    expect(metrics).toMatch(/ogs_repairs_total\{[^}]*kind="webhook_delivery",outcome="enqueued"[^}]*\} 1\n/);
    expect(worker.output()).toContain(`"rebalance_id":"${orphan.id}"`);
    expect(worker.output()).toMatch(/jobs were not in the queue/);
    await worker.child.stop(5_000);
    worker = undefined;
  });
});

describe("the producer's view of a finaliser", () => {
  it("reports missing, present and failed, and retries a failed finaliser with fresh attempts (no worker process runs)", async () => {
    const rebalanceId = new ObjectId().toHexString();
    expect(await harness.producer.finalizerState(rebalanceId)).toBe("missing");
    // A flow without children: its finaliser waits at once; a manual worker takes it and fails it for good.
    await harness.producer.enqueueRebalance({ rebalanceId, portfolios: [], requestId: "req-finalizer" });
    expect(await harness.producer.finalizerState(rebalanceId)).toBe("present");
    const connection = createRedisConnection({ url: ctx.redisUrl, role: "worker" });
    const manual = new Worker(QUEUE_NAMES.finalizer, null, { connection, prefix: ctx.queuePrefix, autorun: false });
    try {
      const token = "repair-test";
      const next = async () => {
        for (let tries = 0; tries < 50; tries += 1) {
          const job = await manual.getNextJob(token, { block: false });
          if (job) return job;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        return undefined;
      };
      const job = await next();
      expect(job?.id).toBe(`${rebalanceId}-finalize`);
      await job!.moveToFailed(new UnrecoverableError("MongoDB is unavailable"), token);
      expect(await harness.producer.finalizerState(rebalanceId)).toBe("failed");

      expect(await harness.producer.retryFinalizer(rebalanceId)).toBe(true);
      expect(await harness.producer.finalizerState(rebalanceId)).toBe("present");
      const retried = await next();
      expect(retried?.id).toBe(job!.id);
      expect(retried?.attemptsMade).toBe(0);
      // A second retry (another worker, a moment later) finds it no longer failed.
      expect(await harness.producer.retryFinalizer(rebalanceId)).toBe(false);
    } finally {
      await manual.close(true);
      connection.disconnect();
    }
  });
});
