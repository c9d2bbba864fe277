// Settings every process shares.
import { z } from "zod";
import { logLevel } from "../fields.js";

export const commonEnv = z.object({
  /** pino log level. @defaultValue "info" */
  LOG_LEVEL: logLevel(),
  /** Deployment name in logs. @defaultValue "development" */
  NODE_ENV: z.string().default("development"),
});
