// The worker's configuration: one schema composed from @ogs/config sections, parsed once in main.ts.
import { clientsEnv, commonEnv, mongoEnv, redisEnv, storeEnv, webhooksEnv, workerEnv } from "@ogs/config";

export const workerConfigSchema = commonEnv
  .extend(mongoEnv.shape)
  .extend(redisEnv.shape)
  .extend(storeEnv.shape)
  .extend(clientsEnv.shape)
  .extend(workerEnv.shape)
  .extend(webhooksEnv.shape);

export type WorkerConfig = ReturnType<typeof workerConfigSchema.parse>;
