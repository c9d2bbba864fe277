// Test helpers for the worker: start BUILT worker processes (apps/worker/dist/main.js) against the
// test Redis/MongoDB and the simulators, submit rebalances with the real store and flow producer, and
// wait for them to finish.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Dec, type ModelSnapshot, type RebalanceOptions, type PortfolioReport, type Rebalance } from "@ogs/domain";
import { createRebalanceProducer, createRedisConnection, type RebalanceProducer } from "@ogs/queue";
import { connectStore, type Store } from "@ogs/store";
import { spawnChild, waitForOutput, type ManagedChild } from "./processes.js";
import type { SimulatorUrls } from "./simulators.js";

const MAIN = fileURLToPath(new URL("../../../apps/worker/dist/main.js", import.meta.url));

export interface WorkerProcess {
  child: ManagedChild;
  /** Ops server URL (/health, /metrics). */
  url: string;
  /** Everything the process printed so far. */
  output(): string;
}

export interface WorkerTarget {
  redisUrl: string;
  mongoUrl: string;
  database: string;
  queuePrefix: string;
  simulators: SimulatorUrls;
}

export async function startWorker(target: WorkerTarget, env: Record<string, string> = {}): Promise<WorkerProcess> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build first (npx tsc -b apps/worker).`);
  const child = spawnChild("worker", process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH ?? "",
      LOG_LEVEL: "info",
      REDIS_URL: target.redisUrl,
      MONGODB_URL: target.mongoUrl,
      MONGODB_DB: target.database,
      QUEUE_PREFIX: target.queuePrefix,
      ACCOUNTING_URL: target.simulators.accounting,
      SECURITY_URL: target.simulators.security,
      PRICING_URL: target.simulators.pricing,
      PORTFOLIO_URL: target.simulators.portfolio,
      ORDER_URL: target.simulators.order,
      HTTP_RETRIES: "1",
      HTTP_RETRY_BASE_MS: "50",
      HTTP_TIMEOUT_MS: "3000",
      WORKER_METRICS_PORT: "0",
      WORKER_METRICS_HOST: "127.0.0.1",
      WORKER_CONCURRENCY: "2",
      SOLVER_THREADS: "1",
      QUEUE_METRICS_INTERVAL_MS: "500",
      SHUTDOWN_GRACE_MS: "5000",
      ...env,
    },
  });
  let seen = "";
  child.process.stdout?.on("data", (chunk: Buffer) => (seen += chunk.toString()));
  child.process.stderr?.on("data", (chunk: Buffer) => (seen += chunk.toString()));
  const match = await waitForOutput(child.process, /worker listening on (http:\/\/[^\s"]+)/, 30_000, "worker");
  return { child, url: match[1]!, output: () => seen };
}

export interface Harness {
  store: Store;
  producer: RebalanceProducer;
  submit(snapshot: ModelSnapshot, portfolioIds: string[], requestId?: string): Promise<Rebalance>;
  waitUntilFinished(rebalanceId: string, timeoutMs?: number): Promise<Rebalance>;
  /** Every portfolio of the rebalance as the store reports it, in submission order. */
  reports(rebalanceId: string): Promise<PortfolioReport[]>;
  close(): Promise<void>;
}

export function openHarness(target: Pick<WorkerTarget, "redisUrl" | "mongoUrl" | "database" | "queuePrefix">): Harness {
  const store = connectStore({ url: target.mongoUrl, database: target.database });
  const connection = createRedisConnection({ url: target.redisUrl, role: "producer" });
  const producer = createRebalanceProducer({ connection, prefix: target.queuePrefix });
  return {
    store,
    producer,
    async submit(snapshot, portfolioIds, requestId = `req-${Date.now()}`) {
      const { rebalance } = await store.rebalances.create({ snapshot, portfolioIds, requestId });
      try {
        const portfolios = portfolioIds.map((portfolioId, index) => ({ portfolioId, index }));
        await producer.enqueueRebalance({ rebalanceId: rebalance.id, portfolios, requestId });
      } catch (error) {
        // As the API does: a rebalance whose flow could not be enqueued is failed and its portfolios released.
        await store.rebalances.abandon(rebalance.id, {
          service: "redis",
          message: "The queue is unavailable.",
          at: new Date(),
        });
        throw error;
      }
      return rebalance;
    },
    async waitUntilFinished(rebalanceId, timeoutMs = 45_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const rebalance = await store.rebalances.get(rebalanceId);
        if (rebalance && rebalance.completedAt) return rebalance;
        if (Date.now() > deadline)
          throw new Error(
            `rebalance ${rebalanceId} did not finish within ${timeoutMs} ms (status ${rebalance?.status})`,
          );
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async reports(rebalanceId) {
      const doc = await store.rebalances.document(rebalanceId);
      if (!doc) throw new Error(`rebalance ${rebalanceId} does not exist`);
      const reports: PortfolioReport[] = [];
      for await (const report of store.rebalances.portfolios(doc)) reports.push(report);
      return reports;
    },
    async close() {
      await producer.close();
      connection.disconnect();
      await store.close();
    },
  };
}

/** A model snapshot over the given securities, all with the same target and drifts. */
export function snapshotOf(
  modelId: string,
  securities: { id: string; target: string; low: string; high: string }[],
  options: RebalanceOptions = {},
): ModelSnapshot {
  return {
    options,
    modelId,
    modelName: `model ${modelId}`,
    modelVersion: 1,
    positions: securities.map((s) => ({
      securityId: s.id,
      target: new Dec(s.target),
      lowDrift: new Dec(s.low),
      highDrift: new Dec(s.high),
    })),
  };
}
