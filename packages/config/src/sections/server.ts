// The API process (SPEC §3, §5.5, §7).
import { z } from "zod";
import { port, positiveInt } from "../fields.js";

export const serverEnv = z.object({
  /** HTTP port of the API. @defaultValue 8088 */
  PORT: port(8088),
  /** Interface the API listens on. @defaultValue "0.0.0.0" */
  HOST: z.string().default("0.0.0.0"),
  /** Largest accepted request body in bytes; larger bodies get 413. @defaultValue 1048576 (1 MiB) */
  BODY_LIMIT_BYTES: positiveInt(1_048_576),
  /** How long a synchronous rebalance request waits before answering 202. @defaultValue 60000 */
  SYNC_WAIT_MS: positiveInt(60_000),
  /** Basic-auth user for Bull Board and webhook endpoints; unset = read-only, loopback only. */
  ADMIN_USER: z.string().optional(),
  /** Basic-auth password, required together with ADMIN_USER. */
  ADMIN_PASSWORD: z.string().optional(),
});
