// Resolves the OpenTelemetry variables into the typed `telemetry` section (SPEC §7) and adds it to
// an app's parsed configuration. Precedence: a per-signal standard variable, then the shared
// standard one, then the original service's name; a standard variable and the original's name set
// to different values stop start-up (aliases.ts has the same rule for the other names).
import type { z } from "zod";
import { conflictMessage } from "../aliases.js";
import { telemetryEnv, type TelemetryEnv } from "../sections/telemetry.js";
import { resolveEndpoint, type Signal } from "./endpoints.js";
import { parseKeyValueList } from "./key-value-list.js";
import type { OtlpExporterConfig, TelemetryConfig, TelemetryProblem } from "./types.js";

/** What the original service reports as its `service.name` (hard-coded in its src/main.py): the api's default. */
export const DEFAULT_SERVICE_NAME = "globeco-order-generation-service";

const EXPORTER = { traces: "OTEL_TRACES_EXPORTER", metrics: "OTEL_METRICS_EXPORTER" } as const;

function listOf(
  env: TelemetryEnv,
  name: "OTEL_RESOURCE_ATTRIBUTES" | "OTEL_EXPORTER_OTLP_HEADERS",
  problems: TelemetryProblem[],
) {
  const text = env[name];
  if (text === undefined) return {};
  const parsed = parseKeyValueList(text);
  if (typeof parsed !== "string") return parsed;
  // Headers carry credentials: never echo an entry of them.
  const message = name === "OTEL_EXPORTER_OTLP_HEADERS" ? "expected key=value pairs separated by commas" : parsed;
  problems.push({ variable: name, message });
  return {};
}

function resolveResource(env: TelemetryEnv, problems: TelemetryProblem[]): Record<string, string> {
  const resource = listOf(env, "OTEL_RESOURCE_ATTRIBUTES", problems);
  const listed = resource["service.namespace"];
  const namespace = env.OTEL_SERVICE_NAMESPACE;
  if (namespace !== undefined && listed !== undefined && listed !== namespace)
    problems.push({
      message: conflictMessage(
        "OTEL_RESOURCE_ATTRIBUTES (service.namespace)",
        listed,
        "OTEL_SERVICE_NAMESPACE",
        namespace,
      ),
    });
  if (namespace !== undefined) resource["service.namespace"] = namespace;
  // The specification's rule: OTEL_SERVICE_NAME wins over service.name in OTEL_RESOURCE_ATTRIBUTES. Unset,
  // each process names itself (@ogs/observability startTelemetry: the api DEFAULT_SERVICE_NAME, the worker its own).
  const name = env.OTEL_SERVICE_NAME ?? resource["service.name"];
  if (name !== undefined) resource["service.name"] = name;
  return resource;
}

function resolveSignal(
  env: TelemetryEnv,
  signal: Signal,
  headers: Record<string, string>,
  problems: TelemetryProblem[],
): OtlpExporterConfig | undefined {
  // Resolved even when unused, so a conflicting pair is reported whatever else is set.
  const endpoint = resolveEndpoint(env, signal, problems);
  if (!endpoint || env.OTEL_SDK_DISABLED || env[EXPORTER[signal]] === "none") return undefined;
  return {
    ...endpoint,
    headers,
    timeoutMs: env.OTEL_EXPORTER_OTLP_TIMEOUT,
    compression: env.OTEL_EXPORTER_OTLP_COMPRESSION,
  };
}

/** The telemetry section of `env`, with every problem found (empty when it is usable). */
export function resolveTelemetry(env: TelemetryEnv): { telemetry: TelemetryConfig; problems: TelemetryProblem[] } {
  const problems: TelemetryProblem[] = [];
  if (env.OTEL_INSECURE !== undefined && env.OTEL_EXPORTER_OTLP_INSECURE !== undefined)
    if (env.OTEL_INSECURE !== env.OTEL_EXPORTER_OTLP_INSECURE)
      problems.push({
        message: conflictMessage(
          "OTEL_EXPORTER_OTLP_INSECURE",
          String(env.OTEL_EXPORTER_OTLP_INSECURE),
          "OTEL_INSECURE",
          String(env.OTEL_INSECURE),
        ),
      });
  const resource = resolveResource(env, problems);
  const headers = listOf(env, "OTEL_EXPORTER_OTLP_HEADERS", problems);
  const traces = resolveSignal(env, "traces", headers, problems);
  const metricsExporter = resolveSignal(env, "metrics", headers, problems);
  const metrics = metricsExporter && { ...metricsExporter, exportIntervalMs: env.OTEL_METRIC_EXPORT_INTERVAL };
  // Both signals may meet the same conflicting pair: report it once.
  const unique = problems.filter(
    (problem, index) =>
      problems.findIndex((other) => other.message === problem.message && other.variable === problem.variable) === index,
  );
  return { telemetry: { enabled: Boolean(traces ?? metrics), resource, traces, metrics }, problems: unique };
}

const TELEMETRY_VARIABLES = new Set(Object.keys(telemetryEnv.shape));

export type WithTelemetry<T> = Omit<T, keyof TelemetryEnv> & { telemetry: TelemetryConfig };

/**
 * Transform for an app's schema that includes `telemetryEnv.shape`: replaces the OTEL_* variables
 * with the resolved `telemetry` section, and reports conflicts and unusable endpoints on `ctx`.
 * `z.object({ ...commonEnv.shape, ...telemetryEnv.shape }).transform(withTelemetrySection)`
 */
export function withTelemetrySection<T extends TelemetryEnv>(env: T, ctx: z.RefinementCtx): WithTelemetry<T> {
  const { telemetry, problems } = resolveTelemetry(env);
  for (const problem of problems)
    ctx.addIssue({ code: "custom", message: problem.message, path: problem.variable ? [problem.variable] : [] });
  const rest = Object.fromEntries(Object.entries(env).filter(([name]) => !TELEMETRY_VARIABLES.has(name)));
  return { ...(rest as Omit<T, keyof TelemetryEnv>), telemetry };
}
