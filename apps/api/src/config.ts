// The API's environment schema: the shared sections it needs, composed once (ARCHITECTURE "Configuration"),
// with the OpenTelemetry variables resolved into a typed `telemetry` section (SPEC §7) and the Redis
// variables into a `redis` target and the queue prefix of its mode (one Redis or a cluster), and the
// administrator's credentials into `admin` (both or neither).
import {
  commonEnv,
  mongoEnv,
  redisEnv,
  serverEnv,
  storeEnv,
  telemetryEnv,
  webhooksEnv,
  withAdminSection,
  withRedisSection,
  withTelemetrySection,
} from "@ogs/config";
import { z } from "zod";

export const apiEnv = z
  .object({
    ...commonEnv.shape,
    ...mongoEnv.shape,
    ...storeEnv.shape,
    ...serverEnv.shape,
    ...redisEnv.shape,
    // The API validates callback_url against the SSRF policy and needs to know whether events can be signed.
    WEBHOOK_SECRET: webhooksEnv.shape.WEBHOOK_SECRET,
    WEBHOOK_ALLOWED_CIDRS: webhooksEnv.shape.WEBHOOK_ALLOWED_CIDRS,
    // Test events are sent from the API; redeliveries are enqueued with attempts from the schedule (SPEC §6).
    WEBHOOK_TIMEOUT_MS: webhooksEnv.shape.WEBHOOK_TIMEOUT_MS,
    WEBHOOK_RETRY_SCHEDULE: webhooksEnv.shape.WEBHOOK_RETRY_SCHEDULE,
    ...telemetryEnv.shape,
  })
  .transform(withTelemetrySection)
  .transform(withRedisSection)
  .transform(withAdminSection);

export type ApiConfig = z.output<typeof apiEnv>;
