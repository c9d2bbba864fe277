// pino JSON logger factory; child loggers carry request_id / rebalance_id / portfolio_id, and while tracing
// runs every line carries the active span's trace_id and span_id (SPEC §7), so a log line leads to its trace.
import { context, trace } from "@opentelemetry/api";
import { pino, type DestinationStream, type Logger, type LoggerOptions } from "pino";
import { tracingEnabled } from "./telemetry/state.js";

export type { Logger };

export interface LoggerSettings {
  /** Process role shown in every line, e.g. "api", "worker". */
  service: string;
  /** @defaultValue "info" */
  level?: LoggerOptions["level"];
  /** Where lines go. @defaultValue standard output */
  destination?: DestinationStream;
}

/**
 * The active span's ids, in the field names OpenTelemetry's log data model and pino's instrumentation use.
 * Always a new object: pino merges the line's own fields into what the mixin returns.
 */
function traceFields(): Record<string, string> {
  if (!tracingEnabled()) return {};
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const { traceId, spanId, traceFlags } = span.spanContext();
  return { trace_id: traceId, span_id: spanId, trace_flags: `0${traceFlags.toString(16)}` };
}

export function createLogger({ service, level = "info", destination }: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level,
    base: { service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: traceFields,
    redact: {
      paths: ["req.headers.authorization", "headers.authorization", "*.secret", "secret"],
      censor: "[redacted]",
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
