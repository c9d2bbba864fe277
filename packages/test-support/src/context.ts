// Per-test-file isolation: a unique MongoDB database name and BullMQ queue prefix.
import { randomBytes } from "node:crypto";
import { inject } from "vitest";

export interface TestContext {
  redisUrl: string;
  mongoUrl: string;
  /** Unique database name for this file. */
  database: string;
  /** Unique queue prefix for this file. */
  queuePrefix: string;
}

export function createTestContext(label: string): TestContext {
  const suffix = randomBytes(4).toString("hex");
  const safe = label.replace(/[^A-Za-z0-9_]/g, "_").slice(0, 30);
  return {
    redisUrl: inject("redisUrl"),
    mongoUrl: inject("mongoUrl"),
    database: `t_${safe}_${suffix}`,
    queuePrefix: `t_${safe}_${suffix}`,
  };
}
