// The worker's configuration: one schema composed from @ogs/config sections, parsed once in main.ts,
// with the OpenTelemetry variables resolved into a typed `telemetry` section (SPEC §7).
import {
  clientsEnv,
  commonEnv,
  mongoEnv,
  redisEnv,
  storeEnv,
  telemetryEnv,
  webhooksEnv,
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
  .transform(withTelemetrySection);

export type WorkerConfig = ReturnType<typeof workerConfigSchema.parse>;
