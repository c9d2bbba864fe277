// The flow producer (SPEC §5.4): one child job per portfolio and a parent finaliser that runs when
// every child has ended. Children carry `ignoreDependencyOnFailure` so a failed child still counts as
// ended: without a failure option the parent would wait forever, `continueParentOnFailure` would start
// it while siblings still run, and `failParentOnFailure` would fail it (BullMQ docs, flows).
import { FlowProducer, Queue } from "bullmq";
import type { RedisConnection } from "./connection.js";
import { jobCatalog, type JobPayload } from "./catalog.js";
import { finalizerJobId, portfolioJobId } from "./job-ids.js";
import { withTimeout } from "./bounded.js";
import { telemetryOption } from "./telemetry.js";

export interface RebalanceFlow {
  rebalanceId: string;
  /** In submission order; `index` is the portfolio's place in it. */
  portfolios: readonly { portfolioId: string; index: number }[];
  /** Travels into every job's logs (SPEC §7). */
  requestId: string;
}

export type FinalizerState = "missing" | "failed" | "present";

export interface RebalanceProducer {
  /** Adds the flow; repeating it for the same rebalance adds nothing new (deterministic job ids). */
  enqueueRebalance(flow: RebalanceFlow): Promise<void>;
  /**
   * Where the rebalance's flow stands in Redis, read from its finaliser job: `missing` (no such job),
   * `failed` (it used up its attempts) or `present` (any other state). A flow is added in one MULTI and its
   * finaliser is the last of its jobs to end, so `missing` means "never added" (or lost with Redis' data), or
   * "ended and trimmed" — the caller tells them apart by the rebalance's stored status.
   */
  finalizerState(rebalanceId: string): Promise<FinalizerState>;
  /** Moves a failed finaliser back to waiting with fresh attempts; false when it was no longer failed (another process retried it). */
  retryFinalizer(rebalanceId: string): Promise<boolean>;
  close(): Promise<void>;
}

export interface ProducerSettings {
  connection: RedisConnection;
  /** BullMQ key prefix (`QUEUE_PREFIX`). */
  prefix: string;
  /**
   * Longest wait for Redis to take a flow, plus 3 ms per portfolio job (a flow is one MULTI of every job); BullMQ
   * otherwise waits for a connection forever. @defaultValue 5000
   */
  enqueueTimeoutMs?: number;
  onError?: (error: Error) => void;
}

/** Redis is not connected, or did not take the flow in time: the caller answers 503 and may retry. */
export class QueueUnavailableError extends Error {
  override readonly name = "QueueUnavailableError";
}

/** Time a flow may take to enqueue per portfolio job, on top of `enqueueTimeoutMs` (10,000 jobs: + 30 s). */
const ENQUEUE_MS_PER_JOB = 3;

export function createRebalanceProducer({
  connection,
  prefix,
  onError,
  enqueueTimeoutMs = 5_000,
}: ProducerSettings): RebalanceProducer {
  const flows = new FlowProducer({ connection, prefix, ...telemetryOption() });
  flows.on("error", (error: Error) => onError?.(error));
  const finalizers = new Queue(jobCatalog["finalize-rebalance"].queue, { connection, prefix, ...telemetryOption() });
  finalizers.on("error", (error: Error) => onError?.(error));
  const ready = () => {
    // Fail fast while Redis is down (an HTTP request must not hang on it).
    if (connection.status !== "ready")
      throw new QueueUnavailableError(`Redis is not connected (${connection.status}).`);
  };
  const portfolio = jobCatalog["rebalance-portfolio"];
  const finalizer = jobCatalog["finalize-rebalance"];
  return {
    async enqueueRebalance({ rebalanceId, portfolios, requestId }) {
      ready();
      const parentData: JobPayload<"finalize-rebalance"> = { rebalance_id: rebalanceId, request_id: requestId };
      const added = flows.add({
        name: "finalize-rebalance",
        queueName: finalizer.queue,
        data: parentData,
        opts: { ...finalizer.options, jobId: finalizerJobId(rebalanceId) },
        children: portfolios.map(({ portfolioId, index }) => {
          const data: JobPayload<"rebalance-portfolio"> = {
            rebalance_id: rebalanceId,
            portfolio_id: portfolioId,
            index,
            request_id: requestId,
          };
          return {
            name: "rebalance-portfolio",
            queueName: portfolio.queue,
            data,
            opts: {
              ...portfolio.options,
              jobId: portfolioJobId(rebalanceId, portfolioId),
              ignoreDependencyOnFailure: true,
            },
          };
        }),
      });
      added.catch(() => undefined);
      // A flow is one MULTI of every job: its size grows with the portfolios, so does the time it may take.
      const allowedMs = enqueueTimeoutMs + portfolios.length * ENQUEUE_MS_PER_JOB;
      if ((await withTimeout(added, allowedMs)) === "timeout")
        throw new QueueUnavailableError(`Redis did not take the flow within ${allowedMs} ms.`);
      await added;
    },
    async finalizerState(rebalanceId) {
      ready();
      const lookup = finalizers
        .getJob(finalizerJobId(rebalanceId))
        .then(async (job) => (job === undefined ? "missing" : (await job.isFailed()) ? "failed" : "present"));
      lookup.catch(() => undefined);
      if ((await withTimeout(lookup, enqueueTimeoutMs)) === "timeout")
        throw new QueueUnavailableError(`Redis did not answer within ${enqueueTimeoutMs} ms.`);
      return lookup;
    },
    async retryFinalizer(rebalanceId) {
      ready();
      const job = await finalizers.getJob(finalizerJobId(rebalanceId));
      if (job === undefined) return false;
      try {
        await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
        return true;
      } catch (error) {
        // Retried meanwhile by another process: no longer failed.
        if (!(await job.isFailed())) return false;
        throw error;
      }
    },
    async close() {
      await Promise.all([flows.close(), finalizers.close()]);
    },
  };
}
