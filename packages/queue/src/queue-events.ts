// Global job events of one queue (BullMQ QueueEvents: a Redis stream read with blocking XREAD), for a process
// that waits on jobs other processes run: the API's synchronous waiter, the workers' failed-delivery watcher.
// BullMQ duplicates the given connection for its blocking reads, so it must be a `worker`-role connection
// (maxRetriesPerRequest: null); on a cluster the duplicate is a cluster client as well.
import { QueueEvents } from "bullmq";
import type { RedisConnection } from "./connection.js";
import type { QueueName } from "./names.js";

export interface JobEvent {
  jobId: string;
  /** The stream entry id, `<ms>-<seq>`: when the event was written. */
  eventId: string;
}

export interface QueueEventStream {
  onCompleted(listener: (event: JobEvent) => void): void;
  onFailed(listener: (event: JobEvent & { failedReason: string }) => void): void;
  close(): Promise<void>;
}

export interface QueueEventSettings {
  connection: RedisConnection;
  /** BullMQ key prefix (`QUEUE_PREFIX`). */
  prefix: string;
  queue: QueueName;
  /** Read events written from this time (ms) on. @defaultValue now (only new events) */
  since?: number;
  onError?: (error: Error) => void;
}

export function openQueueEvents({ connection, prefix, queue, since, onError }: QueueEventSettings): QueueEventStream {
  const events = new QueueEvents(queue, {
    connection,
    prefix,
    ...(since === undefined ? {} : { lastEventId: `${since}-0` }),
  });
  events.on("error", (error) => onError?.(error));
  return {
    onCompleted(listener) {
      events.on("completed", ({ jobId }, eventId) => listener({ jobId, eventId }));
    },
    onFailed(listener) {
      events.on("failed", ({ jobId, failedReason }, eventId) => listener({ jobId, eventId, failedReason }));
    },
    close: () => events.close(),
  };
}
