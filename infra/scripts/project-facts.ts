// Facts the deployment files must agree with, read from the sources that own them (never copied):
// the environment schema (packages/config), the queue names (packages/queue), the worker's shutdown bound
// (apps/worker), the README table.
import { readFileSync } from "node:fs";
import path from "node:path";
import * as config from "../../packages/config/src/index.js";
import { QUEUE_NAMES } from "../../packages/queue/src/names.js";
import { SHUTDOWN_CLOSE_BOUND_MS } from "../../apps/worker/src/ops/shutdown-budget.js";

export const repoRoot = path.resolve(import.meta.dirname, "../..");

interface EnvSchema {
  shape: Record<string, { safeParse(value: unknown): { success: boolean; data?: unknown } }>;
}

const isEnvSchema = (value: unknown): value is EnvSchema =>
  typeof value === "object" && value !== null && "shape" in value && typeof value.shape === "object";

/** Every environment variable any process reads, by name, with the schema field that parses it. */
export function envFields(): Map<string, EnvSchema["shape"][string]> {
  const fields = new Map<string, EnvSchema["shape"][string]>();
  for (const value of Object.values(config as Record<string, unknown>)) {
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

/**
 * How long a worker may take beyond SHUTDOWN_GRACE_MS to exit after SIGTERM (SPEC §5.4): an orchestrator's stop
 * window (compose stop_grace_period, Kubernetes terminationGracePeriodSeconds) must exceed the sum.
 */
export const workerShutdownCloseBoundMs: number = SHUTDOWN_CLOSE_BOUND_MS;

/** The queue whose waiting jobs KEDA scales the workers on (SPEC §5.4: one job per portfolio). */
export const scaledQueue: string = QUEUE_NAMES.portfolios;

/** Variables a container may set that are Node's or the image's, not the application's. */
const RUNTIME_VARIABLES = new Set(["NODE_OPTIONS"]);

/**
 * Problems with environment variables a deployment file sets: each must be one the services parse
 * (packages/config); each missing from the README configuration table is reported as a warning.
 */
export function envProblems(names: Iterable<string>, where: string): { errors: string[]; warnings: string[] } {
  const known = envFields();
  const documented = readmeVariables();
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const name of new Set(names)) {
    if (RUNTIME_VARIABLES.has(name)) continue;
    if (!known.has(name))
      errors.push(`${where}: ${name} is not a configuration variable of any service (packages/config)`);
    else if (!documented.has(name)) warnings.push(`${where}: ${name} is not in the README configuration table`);
  }
  return { errors, warnings };
}
