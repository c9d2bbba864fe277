// Facts the deployment files must agree with, read from the sources that own them (never copied):
// the environment schema (packages/config), the queue names (packages/queue), the README table.
import { readFileSync } from "node:fs";
import path from "node:path";
import * as config from "../../packages/config/src/index.js";
import { QUEUE_NAMES } from "../../packages/queue/src/names.js";

export const repoRoot = path.resolve(import.meta.dirname, "../..");

interface EnvSchema {
  shape: Record<string, { safeParse(value: unknown): { success: boolean; data?: unknown } }>;
}

const isEnvSchema = (value: unknown): value is EnvSchema =>
  typeof value === "object" && value !== null && "shape" in value && typeof (value as { shape: unknown }).shape === "object";

/** Every environment variable any process reads, by name, with the schema field that parses it. */
export function envFields(): Map<string, EnvSchema["shape"][string]> {
  const fields = new Map<string, EnvSchema["shape"][string]>();
  for (const value of Object.values(config)) {
    if (isEnvSchema(value)) for (const [name, field] of Object.entries(value.shape)) fields.set(name, field);
  }
  return fields;
}

/** The schema default of a variable (what a process uses when it is unset); undefined if none. */
export function envDefault(name: string): unknown {
  const field = envFields().get(name);
  const parsed = field?.safeParse(undefined);
  return parsed?.success ? parsed.data : undefined;
}

/** Variable names listed in the README's configuration table (section:config). */
export function readmeVariables(): Set<string> {
  const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const section = /<!-- section:config -->([\s\S]*?)<!-- \/section:config -->/.exec(readme)?.[1] ?? "";
  return new Set([...section.matchAll(/^\|\s*`([A-Z][A-Z0-9_]*)`/gm)].map((match) => match[1] ?? ""));
}

/** The queue whose waiting jobs KEDA scales the workers on (SPEC §5.4: one job per portfolio). */
export const scaledQueue: string = QUEUE_NAMES.portfolios;
