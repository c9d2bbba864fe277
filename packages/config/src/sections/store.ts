// MongoDB client tuning (SPEC §7: readiness reports an unreachable MongoDB quickly).
import { z } from "zod";
import { positiveInt } from "../fields.js";

export const storeEnv = z.object({
  /** How long a MongoDB operation waits for a reachable server before failing with 503. @defaultValue 5000 */
  MONGODB_TIMEOUT_MS: positiveInt(5_000),
  /** Connections per process in the MongoDB driver's pool. @defaultValue 50 */
  MONGODB_POOL_SIZE: positiveInt(50),
});
