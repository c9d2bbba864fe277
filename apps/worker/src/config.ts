// The worker's configuration: one schema composed from @ogs/config sections, parsed once in main.ts,
// with the OpenTelemetry variables resolved into a typed `telemetry` section (SPEC §7) and the Redis
// variables into a `redis` target and the queue prefix of its mode (one Redis or a cluster).
import {
  clientsEnv,
  commonEnv,
  mongoEnv,
  redisEnv,
  storeEnv,
  telemetryEnv,
  webhooksEnv,
  withRedisSection,
  withTelemetrySection,
  workerEnv,
} from "@ogs/config";

export const workerConfigSchema = commonEnv
  .extend(mongoEnv.shape)
  .extend(redisEnv.shape)
  .extend(storeEnv.shape)
  .extend(clientsEnv.shape)
  .extend(workerEnv.shape)
  .extend(webhooksEnv.shape)
  .extend(telemetryEnv.shape)
  .transform(withTelemetrySection)
  .transform(withRedisSection);

export type WorkerConfig = ReturnType<typeof workerConfigSchema.parse>;
