// Redis connection and queue key prefix (SPEC §2, §5.4).
import { z } from "zod";

export const redisEnv = z.object({
  /** Redis connection string; when unset the launcher starts a local redis-server. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "expected a redis:// or rediss:// URL")
    .optional(),
  /** BullMQ key prefix, so several deployments can share one Redis. @defaultValue "ogs" */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "expected 1-64 letters, digits, _ or -")
    .default("ogs"),
});
