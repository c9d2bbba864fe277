// Delivery is at least once (SPEC §5.4): a worker killed mid-job has its job recovered by another
// worker with exactly one result per portfolio; SIGTERM lets the active job finish; a Redis restart
// under a running worker is survived; and shutdown is bounded even while Redis is gone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ObjectId } from "mongodb";
import {
  startEmbeddedRedis,
  type EmbeddedRedis,
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

const ctx = createTestContext("worker_recovery");
const FAST_RECOVERY = { WORKER_CONCURRENCY: "1", JOB_LOCK_DURATION_MS: "2000", JOB_STALLED_INTERVAL_MS: "1000" };
let simulators: RunningSimulators;
let harness: Harness;
const started: WorkerProcess[] = [];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const exitOf = (w: WorkerProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (w.child.process.exitCode !== null || w.child.process.signalCode !== null)
      resolve({ code: w.child.process.exitCode, signal: w.child.process.signalCode });
    else w.child.process.once("exit", (code, signal) => resolve({ code, signal }));
  });

async function launch(target: { redisUrl: string }, env: Record<string, string> = {}) {
  const worker = await startWorker({ ...ctx, ...target, simulators: simulators.urls }, env);
  started.push(worker);
  return worker;
}

async function waitForRunning(rebalanceId: string, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const items = await harness.reports(rebalanceId);
    const running = items.find((r) => r.status === "running");
    if (running) return running.portfolioId;
    await sleep(50);
  }
  throw new Error("no portfolio started running");
}

beforeAll(async () => {
  simulators = await startSimulators({ dataset: DATASET });
  harness = openHarness(ctx);
  await harness.store.ensureIndexes();
});
afterAll(async () => {
  await Promise.all(started.map((w) => w.child.stop(5_000)));
  await harness?.close();
  await simulators?.stop();
});

describe("a worker killed with SIGKILL in the middle of a job", () => {
  it("has its job recovered and completed by another worker, with exactly one result per portfolio", async () => {
    await simulators.setFaults("accounting", { latency_ms: 3_000 });
    const victim = await launch(ctx, FAST_RECOVERY);
    const portfolios = [port(1), port(2), port(3)];
    const submitted = await harness.submit(modelSnapshot(new ObjectId().toHexString()), portfolios, "req-sigkill");
    const interrupted = await waitForRunning(submitted.id);
    victim.child.process.kill("SIGKILL");
    await exitOf(victim);
    await simulators.clearFaults();

    const rescuer = await launch(ctx, FAST_RECOVERY);
    const finished = await harness.waitUntilFinished(submitted.id);
    expect(finished.status).toBe("completed");
    const items = await harness.reports(submitted.id);
    const total = items.length;
    expect(total).toBe(portfolios.length);
    expect(new Set(items.map((r) => r.portfolioId))).toEqual(new Set(portfolios));
    expect(items.every((r) => r.status === "completed")).toBe(true);
    expect(items.find((r) => r.portfolioId === interrupted)!.run?.attempts).toBeGreaterThanOrEqual(2);
    const metrics = await (await fetch(`${rescuer.url}/metrics`)).text();
    expect(metrics).toMatch(/ogs_jobs_stalled_total\{[^}]*queue="rebalance-portfolios"[^}]*\} [1-9]/);
    await rescuer.child.stop(10_000);
  });
});

describe("graceful shutdown", () => {
  it("lets the active job finish on SIGTERM and exits 0", async () => {
    await simulators.setFaults("accounting", { latency_ms: 1_500 });
    const worker = await launch(ctx, { WORKER_CONCURRENCY: "1" });
    const submitted = await harness.submit(modelSnapshot(new ObjectId().toHexString()), [port(6)], "req-sigterm");
    const active = await waitForRunning(submitted.id);
    worker.child.process.kill("SIGTERM");
    expect(await exitOf(worker)).toEqual({ code: 0, signal: null });
    expect((await harness.reports(submitted.id)).find((r) => r.portfolioId === active)?.status).toBe("completed");
    await simulators.clearFaults();
    // The finaliser runs on the next worker.
    const next = await launch(ctx);
    expect((await harness.waitUntilFinished(submitted.id)).status).toBe("completed");
    await next.child.stop(10_000);
  });
});

describe("a Redis restart under a running worker", () => {
  let redis: EmbeddedRedis | undefined;
  afterAll(async () => {
    await redis?.stop();
  });

  it("reconnects and keeps processing, reports not-ready while Redis is down, and still shuts down in bounded time without it", async () => {
    redis = await startEmbeddedRedis();
    const own = { ...ctx, redisUrl: redis.url };
    const local = openHarness(own);
    try {
      const worker = await launch(own, { SHUTDOWN_GRACE_MS: "3000" });
      const before = await local.submit(modelSnapshot(new ObjectId().toHexString()), [port(1)], "req-before-restart");
      expect((await local.waitUntilFinished(before.id)).status).toBe("completed");

      await redis.stop();
      await sleep(1_000);
      expect((await fetch(`${worker.url}/health/ready`)).status).toBe(503);
      redis = await startEmbeddedRedis({ port: redis.port });

      // The producer reconnects too; retry the enqueue until it does.
      let after: Awaited<ReturnType<typeof local.submit>> | undefined;
      for (let i = 0; i < 50 && !after; i += 1) {
        after = await local
          .submit(modelSnapshot(new ObjectId().toHexString()), [port(2)], "req-after-restart")
          .catch(async () => {
            await sleep(200);
            return undefined;
          });
      }
      expect((await local.waitUntilFinished(after!.id)).status).toBe("completed");
      expect(worker.child.process.exitCode).toBeNull();
      expect((await fetch(`${worker.url}/health/ready`)).status).toBe(200);

      await redis.stop();
      redis = undefined;
      const began = Date.now();
      worker.child.process.kill("SIGTERM");
      await exitOf(worker);
      expect(Date.now() - began).toBeLessThan(25_000);
    } finally {
      await local.close();
    }
  });
});
