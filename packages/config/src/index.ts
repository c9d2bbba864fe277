// Public surface of @ogs/config: one schema per concern, composed by each app's main.ts.
export { parseConfig, ConfigError } from "./parse.js";
export { ALIASES, type Alias } from "./aliases.js";
export * as fields from "./fields.js";
export type { LogLevel } from "./fields.js";
export { commonEnv } from "./sections/common.js";
export { mongoEnv } from "./sections/mongo.js";
export {
  redisEnv,
  withRedisSection,
  parseClusterNodes,
  hashTagOf,
  DEFAULT_QUEUE_PREFIX,
  DEFAULT_CLUSTER_QUEUE_PREFIX,
  type RedisEnv,
  type RedisTarget,
  type RedisAccess,
  type RedisNodeAddress,
  type WithRedis,
} from "./sections/redis.js";
export { serverEnv, withAdminSection, type WithAdmin } from "./sections/server.js";
export { clientsEnv } from "./sections/clients.js";
export { simulatorsEnv } from "./sections/simulators.js";
export { storeEnv } from "./sections/store.js";
export { webhooksEnv } from "./sections/webhooks.js";
export { workerEnv } from "./sections/worker.js";
export { launcherEnv } from "./sections/launcher.js";
export { originalEnv } from "./sections/original.js";
export { telemetryEnv, type TelemetryEnv } from "./sections/telemetry.js";
export {
  DEFAULT_SERVICE_NAME,
  resolveTelemetry,
  withTelemetrySection,
  type WithTelemetry,
} from "./telemetry/resolve.js";
export type {
  OtlpExporterConfig,
  OtlpMetricsExporterConfig,
  OtlpProtocol,
  TelemetryConfig,
} from "./telemetry/types.js";
