// Parses environment variables once at start-up; a bad value stops the process with a message naming it.
import { z } from "zod";
import { printable, resolveAliases } from "./aliases.js";

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** The variable names an environment schema reads: an object's keys, or those of the object a pipe starts from. */
function variablesOf(schema: z.ZodType): Set<string> | undefined {
  if (schema instanceof z.ZodObject) return new Set(Object.keys(schema.shape));
  if (schema instanceof z.ZodPipe) return variablesOf(schema.in as z.ZodType);
  return undefined;
}

/**
 * Validates `env` against `schema` (an object of variables, or one piped into a transform that
 * derives sections such as `telemetry`). The original service's names (aliases.ts) fill ours first.
 * Throws ConfigError listing every conflicting pair and every bad variable with its value.
 */
export function parseConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.output<S> {
  // Empty strings mean "unset", as in most shells' `VAR= cmd`.
  const cleaned = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ""),
  );
  const variables = variablesOf(schema);
  const aliases = resolveAliases(cleaned, (name) => variables?.has(name) ?? true);
  const result = schema.safeParse(aliases.env);
  if (result.success && aliases.conflicts.length === 0) return result.data;
  const problems = (result.error?.issues ?? []).map((issue) => {
    const name = issue.path.join(".");
    // A problem about several variables (a conflicting pair) names them in its message.
    if (name === "") return issue.message;
    const alias = aliases.filledFrom.get(name);
    const label = alias ? `${alias} (the original service's name for ${name})` : name;
    const raw = aliases.env[name];
    return `${label}: ${issue.message}${raw === undefined ? "" : ` (got ${printable(name, raw)})`}`;
  });
  throw new ConfigError([...aliases.conflicts, ...problems]);
}
