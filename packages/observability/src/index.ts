// Public surface of @ogs/observability: logger factory, the shared metrics catalogue (with the GlobeCo suite's
// standard HTTP metrics and the series every process has from the start).
export { createLogger, type Logger, type LoggerSettings } from "./logger.js";
export { createMetrics, type Metrics } from "./metrics.js";
export {
  declareHttpMetrics,
  createHttpMetricsRegistry,
  startHttpRequest,
  HTTP_DURATION_BUCKETS_MS,
  UNMATCHED_PATH,
  NO_RESPONSE_STATUS,
  type HttpMetrics,
} from "./http-metrics.js";
export {
  initialiseApiSeries,
  initialiseWorkerSeries,
  EXTERNAL_OUTCOMES,
  EXTERNAL_FAILURE_REASONS,
  REPAIR_OUTCOMES,
  SOLVER_STATUSES,
  SUBMISSION_MODES,
  WEBHOOK_OUTCOMES,
  type WorkerSeries,
} from "./series.js";
export { startTelemetry, DEFAULT_SERVICE_NAMES, type ProcessKind, type StopTelemetry } from "./telemetry/start.js";
export { tracingEnabled } from "./telemetry/state.js";
export { traceIncomingRequest } from "./telemetry/http-server.js";
export { traceOutgoingRequest, type OutgoingRequest, type OutgoingOutcome } from "./telemetry/http-client.js";
export { traceMongoCommands, type CommandEventSource } from "./telemetry/mongodb-commands.js";
