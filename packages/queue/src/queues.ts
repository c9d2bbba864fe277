// Queue handles for producers, dashboards and queue-depth sampling.
import { Queue } from "bullmq";
import type { RedisConnection } from "./connection.js";
import { withTimeout } from "./bounded.js";
import { ALL_QUEUE_NAMES, type QueueName } from "./names.js";
import { telemetryOption } from "./telemetry.js";

export const QUEUE_STATES = [
  "waiting",
  "active",
  "delayed",
  "failed",
  "completed",
  "waiting-children",
  "prioritized",
] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

export interface QueueDepth {
  queue: QueueName;
  counts: Record<QueueState, number>;
  /** Age of the oldest waiting job in seconds; 0 when none waits. */
  oldestWaitingAgeSeconds: number;
}

/** One queue, as Bull Board's adapter takes it (apps name it through this type, not through BullMQ). */
export type QueueHandle = Queue;

export interface QueueSet {
  readonly queues: ReadonlyMap<QueueName, Queue>;
  depths(now?: number): Promise<QueueDepth[]>;
  close(timeoutMs: number): Promise<"done" | "timeout">;
}

export function openQueues({
  connection,
  prefix,
  onError,
}: {
  connection: RedisConnection;
  prefix: string;
  onError?: (queue: QueueName, error: Error) => void;
}): QueueSet {
  const queues = new Map<QueueName, Queue>(
    ALL_QUEUE_NAMES.map((name) => {
      const queue = new Queue(name, { connection, prefix, ...telemetryOption() });
      queue.on("error", (error) => onError?.(name, error));
      return [name, queue];
    }),
  );
  return {
    queues,
    async depths(now = Date.now()) {
      return Promise.all(
        [...queues].map(async ([name, queue]) => {
          const counts = (await queue.getJobCounts(...QUEUE_STATES)) as Record<QueueState, number>;
          // getWaiting returns newest first; the oldest is the last of the list.
          const [oldest] = await queue.getJobs(["wait"], -1, -1);
          const oldestWaitingAgeSeconds = oldest ? Math.max(0, (now - oldest.timestamp) / 1000) : 0;
          return { queue: name, counts, oldestWaitingAgeSeconds };
        }),
      );
    },
    close: (timeoutMs) => withTimeout(Promise.all([...queues.values()].map((queue) => queue.close())), timeoutMs),
  };
}
