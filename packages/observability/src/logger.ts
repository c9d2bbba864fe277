// pino JSON logger factory; child loggers carry request_id / rebalance_id / portfolio_id.
import { pino, type Logger, type LoggerOptions } from "pino";

export type { Logger };

export interface LoggerSettings {
  /** Process role shown in every line, e.g. "api", "worker". */
  service: string;
  /** @defaultValue "info" */
  level?: LoggerOptions["level"];
}

export function createLogger({ service, level = "info" }: LoggerSettings): Logger {
  return pino({
    level,
    base: { service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: {
      paths: ["req.headers.authorization", "headers.authorization", "*.secret", "secret"],
      censor: "[redacted]",
    },
  });
}
