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
