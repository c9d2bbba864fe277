// The original service's variable names (SPEC §1: a drop-in replacement starts with the GlobeCo chart's
// environment). The aliases among them are applied by parseConfig (aliases.ts), each validated as the
// variable it stands for; the others are accepted and unused. Listed here so deployment checks and the
// README know them.
import { z } from "zod";
import { mongoEnv } from "./mongo.js";

export const originalEnv = z.object({
  /** The original's name for MONGODB_DB (the chart sets `prod`); used when MONGODB_DB is unset. */
  DATABASE_NAME: mongoEnv.shape.MONGODB_DB.unwrap().optional(),
  /** The original's name for MONGODB_URL (its env.example); used when MONGODB_URL is unset. */
  DATABASE_URL: mongoEnv.shape.MONGODB_URL,
  /** Set by the chart, unused: the original's JWT signing key, and we sign no tokens (webhooks use WEBHOOK_SECRET). */
  SECRET_KEY: z.string().optional(),
  /** Set by the chart (`false`), unused: the original's switch for logging its OpenTelemetry metrics. */
  OTEL_METRICS_LOGGING_ENABLED: z.string().optional(),
});
