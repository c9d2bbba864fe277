// The typed job catalog: each job name maps to its queue, its zod payload and its retry, backoff and
// removal settings. Producer and handler types derive from it, so a missing handler is a compile error.
// Payloads carry ids only; MongoDB holds the snapshot (ARCHITECTURE "Payloads carry ids only").
import { z } from "zod";
import type { JobsOptions } from "bullmq";
import { QUEUE_NAMES, type QueueName } from "./names.js";

const objectId = z.string().regex(/^[A-Za-z0-9]{24}$/, "expected a 24-character id");

const HOUR_SECONDS = 3600;

export interface JobDefinition {
  queue: QueueName;
  schema: z.ZodType;
  /** Retry, backoff and removal (trimming finished jobs keeps Redis bounded). */
  options: Pick<JobsOptions, "attempts" | "backoff" | "removeOnComplete" | "removeOnFail">;
}

export const jobCatalog = {
  "rebalance-portfolio": {
    queue: QUEUE_NAMES.portfolios,
    schema: z.object({
      rebalance_id: objectId,
      portfolio_id: objectId,
      /** The portfolio's 0-based place in submission order: where its slot and result are stored. */
      index: z.number().int().min(0),
      request_id: z.string().min(1).max(200),
    }),
    options: {
      // Only unexpected errors retry; bad data and outages are decided by error class (UnrecoverableError).
      attempts: 3,
      backoff: { type: "exponential", delay: 1_000 },
      removeOnComplete: { age: HOUR_SECONDS, count: 20_000 },
      removeOnFail: { age: 24 * HOUR_SECONDS, count: 20_000 },
    },
  },
  "finalize-rebalance": {
    queue: QUEUE_NAMES.finalizer,
    schema: z.object({ rebalance_id: objectId, request_id: z.string().min(1).max(200) }),
    options: {
      attempts: 8,
      backoff: { type: "exponential", delay: 1_000 },
      removeOnComplete: { age: HOUR_SECONDS, count: 1_000 },
      removeOnFail: { age: 7 * 24 * HOUR_SECONDS, count: 1_000 },
    },
  },
  "deliver-webhook": {
    queue: QUEUE_NAMES.webhooks,
    schema: z.object({ delivery_id: objectId, request_id: z.string().min(1).max(200) }),
    options: {
      // The delivery job decides retries itself: WEBHOOK_RETRY_SCHEDULE through a custom backoff
      // strategy on the worker; the producer sets `attempts` from the schedule's length.
      attempts: 8,
      backoff: { type: "custom" },
      removeOnComplete: { age: HOUR_SECONDS, count: 10_000 },
      removeOnFail: { age: 7 * 24 * HOUR_SECONDS, count: 10_000 },
    },
  },
  "repair-sweep": {
    queue: QUEUE_NAMES.maintenance,
    schema: z.object({}),
    options: {
      // A sweep that fails is not retried: the scheduler starts the next one an interval later.
      attempts: 1,
      backoff: { type: "fixed", delay: 0 },
      removeOnComplete: { age: HOUR_SECONDS, count: 10 },
      removeOnFail: { age: 24 * HOUR_SECONDS, count: 100 },
    },
  },
} as const satisfies Record<string, JobDefinition>;

export type JobName = keyof typeof jobCatalog;
export type JobPayload<K extends JobName> = z.output<(typeof jobCatalog)[K]["schema"]>;

/** What a handler may know about the delivery, without importing BullMQ. */
export interface JobDelivery {
  jobId: string;
  /** 1 for the first attempt; a stalled job that is recovered keeps its attempt. */
  attempt: number;
  /** Times the job has been started, this time included (counts recoveries after a crash too). */
  deliveries: number;
  maxAttempts: number;
}

export type Handler<K extends JobName> = (payload: JobPayload<K>, delivery: JobDelivery) => Promise<void>;

/** One handler per job name; leaving one out does not compile. */
export type HandlerMap = { [K in JobName]: Handler<K> };

/** Re-validates a payload read from Redis before the handler runs. */
export function parsePayload<K extends JobName>(name: K, data: unknown): JobPayload<K> {
  return jobCatalog[name].schema.parse(data) as JobPayload<K>;
}

/** The job names served by one queue. */
export function jobNamesOf(queue: QueueName): JobName[] {
  return (Object.keys(jobCatalog) as JobName[]).filter((name) => jobCatalog[name].queue === queue);
}
