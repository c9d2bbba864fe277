// Parses environment variables once at start-up; a bad value stops the process with a message naming it.
import type { z } from "zod";

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Validates `env` against `schema`; throws ConfigError listing every bad variable with its value. */
export function parseConfig<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.output<S> {
  // Empty strings mean "unset", as in most shells' `VAR= cmd`.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join(".");
    const raw = cleaned[name];
    return `${name}: ${issue.message}${raw === undefined ? "" : ` (got ${JSON.stringify(raw)})`}`;
  });
  throw new ConfigError(problems);
}
