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

export const bool = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no"], { error: "expected true or false" })
    .transform((value) => value === "true" || value === "1" || value === "yes")
    .default(fallback);

export const logLevel = () =>
  z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
      error: "expected one of fatal, error, warn, info, debug, trace, silent",
    })
    .default("info");
