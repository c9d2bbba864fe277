// Runs the handler map on BullMQ workers: one Worker per queue, payloads re-validated before the
// handler runs, and permanent failures (decided by error class, never by message text) turned into
// UnrecoverableError so BullMQ does not retry them (BullMQ docs "Stop retrying jobs").
import { UnrecoverableError, Worker, type Job } from "bullmq";
import type { RedisConnection } from "./connection.js";
import {
  jobCatalog,
  jobNamesOf,
  parsePayload,
  type HandlerMap,
  type JobDelivery,
  type JobName,
  type JobPayload,
} from "./catalog.js";
import { withTimeout } from "./bounded.js";
import { JobFailedError } from "./job-failed-error.js";
import type { QueueName } from "./names.js";
import { telemetryOption } from "./telemetry.js";

export interface WorkerSettings {
  connection: RedisConnection;
  prefix: string;
  handlers: HandlerMap;
  /** Parallel jobs per queue in this process. */
  concurrency: Partial<Record<QueueName, number>>;
  /** Lock time of an active job; a dead worker's job is recovered after it lapses. */
  lockDurationMs: number;
  /** How often stalled jobs are looked for. */
  stalledIntervalMs: number;
  /** Stalls before a job is failed instead of recovered. */
  maxStalledCount: number;
  /** True for errors that must not be retried (bad input, an outage already retried by the clients). */
  isPermanent: (error: unknown) => boolean;
  /** Custom backoff for jobs whose `backoff.type` is "custom" (the webhook retry schedule). */
  backoffStrategy?: (attemptsMade: number) => number;
  onStalled?: (queue: QueueName, jobId: string) => void;
  onFailed?: (queue: QueueName, jobId: string | undefined, error: Error) => void;
  onError?: (queue: QueueName, error: Error) => void;
}

export interface WorkerFleet {
  readonly queues: readonly QueueName[];
  /** Stops taking jobs and waits for active ones up to `graceMs`; resolves "timeout" if they did not finish. */
  close(graceMs: number): Promise<"done" | "timeout">;
  /** True while every worker is connected and running. */
  isRunning(): boolean;
}

/** `payload` was parsed once by the processor (parsing it again per job was measurable CPU). */
function dispatch<K extends JobName>(
  handlers: HandlerMap,
  name: K,
  payload: JobPayload<K>,
  delivery: JobDelivery,
): Promise<void> {
  return handlers[name](payload, delivery);
}

export function startWorkers(settings: WorkerSettings): WorkerFleet {
  const queues = (Object.keys(settings.concurrency) as QueueName[]).filter((queue) => jobNamesOf(queue).length > 0);
  const workers = queues.map((queue) => {
    const names = new Set<string>(jobNamesOf(queue));
    const processor = async (job: Job) => {
      if (!names.has(job.name)) throw new UnrecoverableError(`Unknown job ${job.name} on queue ${queue}.`);
      const name = job.name as JobName;
      let data: JobPayload<JobName>;
      try {
        data = parsePayload(name, job.data);
      } catch (error) {
        throw new UnrecoverableError(`Invalid payload for ${name}: ${(error as Error).message}`);
      }
      const delivery: JobDelivery = {
        jobId: job.id ?? "",
        attempt: job.attemptsMade + 1,
        deliveries: Math.max(job.attemptsStarted, job.attemptsMade + 1),
        maxAttempts: job.opts.attempts ?? jobCatalog[name].options.attempts,
      };
      try {
        await dispatch(settings.handlers, name, data, delivery);
      } catch (error) {
        if (error instanceof JobFailedError || settings.isPermanent(error))
          throw new UnrecoverableError((error as Error).message);
        throw error;
      }
    };
    const worker = new Worker(queue, processor, {
      connection: settings.connection,
      prefix: settings.prefix,
      concurrency: settings.concurrency[queue] ?? 1,
      lockDuration: settings.lockDurationMs,
      stalledInterval: settings.stalledIntervalMs,
      maxStalledCount: settings.maxStalledCount,
      ...telemetryOption(),
      ...(settings.backoffStrategy ? { settings: { backoffStrategy: settings.backoffStrategy } } : {}),
    });
    worker.on("error", (error) => settings.onError?.(queue, error));
    worker.on("stalled", (jobId) => settings.onStalled?.(queue, jobId));
    worker.on("failed", (job, error) => settings.onFailed?.(queue, job?.id, error));
    return worker;
  });
  return {
    queues,
    isRunning: () => workers.every((worker) => worker.isRunning()),
    async close(graceMs) {
      return withTimeout(Promise.all(workers.map((worker) => worker.close())), graceMs);
    },
  };
}
