// The flow producer (SPEC §5.4): one child job per portfolio and a parent finaliser that runs when
// every child has ended. Children carry `ignoreDependencyOnFailure` so a failed child still counts as
// ended: without a failure option the parent would wait forever, `continueParentOnFailure` would start
// it while siblings still run, and `failParentOnFailure` would fail it (BullMQ docs, flows).
import { FlowProducer } from "bullmq";
import type { Redis } from "ioredis";
import { jobCatalog, type JobPayload } from "./catalog.js";
import { finalizerJobId, portfolioJobId } from "./job-ids.js";

export interface RebalanceFlow {
  rebalanceId: string;
  portfolioIds: readonly string[];
  /** Travels into every job's logs (SPEC §7). */
  requestId: string;
}

export interface RebalanceProducer {
  /** Adds the flow; repeating it for the same rebalance adds nothing new (deterministic job ids). */
  enqueueRebalance(flow: RebalanceFlow): Promise<void>;
  close(): Promise<void>;
}

export interface ProducerSettings {
  connection: Redis;
  /** BullMQ key prefix (`QUEUE_PREFIX`). */
  prefix: string;
  onError?: (error: Error) => void;
}

export function createRebalanceProducer({ connection, prefix, onError }: ProducerSettings): RebalanceProducer {
  const flows = new FlowProducer({ connection, prefix });
  flows.on("error", (error: Error) => onError?.(error));
  const portfolio = jobCatalog["rebalance-portfolio"];
  const finalizer = jobCatalog["finalize-rebalance"];
  return {
    async enqueueRebalance({ rebalanceId, portfolioIds, requestId }) {
      const parentData: JobPayload<"finalize-rebalance"> = { rebalance_id: rebalanceId, request_id: requestId };
      await flows.add({
        name: "finalize-rebalance",
        queueName: finalizer.queue,
        data: parentData,
        opts: { ...finalizer.options, jobId: finalizerJobId(rebalanceId) },
        children: portfolioIds.map((portfolioId) => {
          const data: JobPayload<"rebalance-portfolio"> = { rebalance_id: rebalanceId, portfolio_id: portfolioId, request_id: requestId };
          return {
            name: "rebalance-portfolio",
            queueName: portfolio.queue,
            data,
            opts: { ...portfolio.options, jobId: portfolioJobId(rebalanceId, portfolioId), ignoreDependencyOnFailure: true },
          };
        }),
      });
    },
    close: () => flows.close(),
  };
}
