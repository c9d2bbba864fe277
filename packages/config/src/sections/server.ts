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
  /** Basic-auth user for Bull Board and webhook administration; unset = loopback only (Bull Board read-only). */
  ADMIN_USER: z.string().optional(),
  /** Basic-auth password, required together with ADMIN_USER. */
  ADMIN_PASSWORD: z.string().optional(),
});

type AdminEnv = { ADMIN_USER?: string | undefined; ADMIN_PASSWORD?: string | undefined };
export type WithAdmin<T> = T & { admin: { user: string; password: string } | undefined };

/**
 * The administrator's credentials, both or neither: one without the other (a misspelt variable, a secret that
 * did not mount) would otherwise start the API without authentication. Stops the process naming the missing one.
 */
export function withAdminSection<T extends AdminEnv>(env: T, ctx: z.RefinementCtx): WithAdmin<T> {
  const { ADMIN_USER: user, ADMIN_PASSWORD: password } = env;
  if ((user === undefined) !== (password === undefined)) {
    const [missing, present] = user === undefined ? ["ADMIN_USER", "ADMIN_PASSWORD"] : ["ADMIN_PASSWORD", "ADMIN_USER"];
    ctx.addIssue({
      code: "custom",
      path: [missing],
      message: `is required when ${present} is set (basic auth needs both; unset both for loopback-only administration)`,
    });
  }
  return { ...env, admin: user !== undefined && password !== undefined ? { user, password } : undefined };
}
