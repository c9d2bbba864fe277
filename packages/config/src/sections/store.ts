// MongoDB client tuning (SPEC §7: readiness reports an unreachable MongoDB quickly).
import { z } from "zod";
import { positiveInt } from "../fields.js";

export const storeEnv = z.object({
  /** How long a MongoDB operation waits for a reachable server before failing with 503. @defaultValue 5000 */
  MONGODB_TIMEOUT_MS: positiveInt(5_000),
  /** Connections per process in the MongoDB driver's pool. @defaultValue 50 */
  MONGODB_POOL_SIZE: positiveInt(50),
  /**
   * Old rebalances (and their portfolios and results) expire this many days after submission, by TTL indexes;
   * unset keeps everything. The launcher's embedded store sets 7. At least 1 day, so no rebalance expires mid-run.
   */
  REBALANCE_RETENTION_DAYS: z.coerce
    .number({ error: "expected a number of days" })
    .min(1, "expected at least 1 day")
    .max(36_500, "expected at most 36500 days")
    .optional(),
});
