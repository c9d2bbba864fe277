// Samples queue depth by state and the oldest waiting job's age into the metrics on an interval
// (SPEC §7); stops on shutdown, and a sample that hangs (Redis gone) is abandoned, not stacked.
import type { Logger, Metrics } from "@ogs/observability";
import { withTimeout, type QueueSet } from "@ogs/queue";

export interface QueueSampler {
  sampleNow(): Promise<void>;
  /** The sample taken at start (it never rejects): awaited before the ops server listens, so the first scrape has queue depth. */
  readonly firstSample: Promise<void>;
  stop(): void;
}

export function startQueueSampler({
  queues,
  metrics,
  logger,
  intervalMs,
}: {
  queues: QueueSet;
  metrics: Metrics;
  logger: Logger;
  intervalMs: number;
}): QueueSampler {
  let running = false;
  async function sampleNow(): Promise<void> {
    if (running) return;
    running = true;
    try {
      const sample = queues.depths().then((depths) => {
        for (const depth of depths) {
          for (const [state, count] of Object.entries(depth.counts))
            metrics.queueJobs.set({ queue: depth.queue, state }, count);
          metrics.queueOldestWaitingAge.set({ queue: depth.queue }, depth.oldestWaitingAgeSeconds);
        }
      });
      if ((await withTimeout(sample, Math.max(1_000, intervalMs))) === "timeout")
        logger.warn("queue depth sample timed out");
    } catch (error) {
      logger.warn({ err: error }, "queue depth sample failed");
    } finally {
      running = false;
    }
  }
  const timer = setInterval(() => void sampleNow(), intervalMs);
  timer.unref();
  const firstSample = sampleNow();
  return { sampleNow, firstSample, stop: () => clearInterval(timer) };
}
