// Reusable zod builders for environment variables (all env values arrive as strings).
import { z } from "zod";

export const port = (fallback: number) =>
  z.coerce
    .number({ error: "expected a port number" })
    .int("expected an integer port")
    .min(0, "expected a port from 0 to 65535")
    .max(65535, "expected a port from 0 to 65535")
    .default(fallback);

export const positiveInt = (fallback: number) =>
  z.coerce
    .number({ error: "expected a whole number" })
    .int("expected a whole number")
    .positive("expected a number greater than 0")
    .default(fallback);

export const nonNegativeInt = (fallback: number) =>
  z.coerce
    .number({ error: "expected a whole number" })
    .int("expected a whole number")
    .nonnegative("expected a number of at least 0")
    .default(fallback);

export const url = () => z.url({ error: "expected an absolute URL such as http://host:port" });

export const optionalUrl = () => url().optional();

const boolText = () =>
  z
    .enum(["true", "false", "1", "0", "yes", "no"], { error: "expected true or false" })
    .transform((value) => value === "true" || value === "1" || value === "yes");

export const bool = (fallback: boolean) => boolText().default(fallback);

/** A boolean whose absence means something of its own (undefined when unset). */
export const optionalBool = () => boolText().optional();

/** pino's level names, what every process logs with. */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Python's logging names that are not pino's: the original service reads LOG_LEVEL with
 * `getattr(logging, LOG_LEVEL.upper())` and the GlobeCo chart sets `INFO` (SPEC §1, drop-in).
 */
const PYTHON_LEVELS: Record<string, LogLevel> = { warning: "warn", critical: "fatal" };

const isLogLevel = (value: string): value is LogLevel => (LOG_LEVELS as readonly string[]).includes(value);

/** A log level in any letter case, pino's names or Python's (`INFO`, `WARNING`, `CRITICAL`). */
export const logLevel = () =>
  z
    .string()
    .transform((value, ctx): LogLevel => {
      const lower = value.trim().toLowerCase();
      const level = PYTHON_LEVELS[lower] ?? lower;
      if (isLogLevel(level)) return level;
      ctx.addIssue({
        code: "custom",
        message: "expected one of fatal, error, warn, info, debug, trace, silent (any case; also WARNING, CRITICAL)",
      });
      return z.NEVER;
    })
    .default("info");
