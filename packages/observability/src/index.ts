// Public surface of @ogs/observability: logger factory and the shared metrics catalogue.
export { createLogger, type Logger, type LoggerSettings } from "./logger.js";
export { createMetrics, type Metrics } from "./metrics.js";
