// Health endpoints (SPEC §7): live = the process answers; ready = every required check passes
// (MongoDB, Redis), else 503; health = the detail of every check.
import { ANY_QUERY, defineRoute, type Route } from "./route.js";
import { z } from "./zod.js";

export interface HealthCheck {
  /** Dependency name shown in the report, e.g. "mongodb", "redis". */
  name: string;
  /** Readiness fails when a required check fails. @defaultValue true */
  required?: boolean;
  /** Resolves when the dependency is reachable; rejects otherwise. */
  check(): Promise<void>;
}

export interface CheckResult {
  status: "up" | "down";
  required: boolean;
  latency_ms: number;
  error?: string;
}

export interface HealthReport {
  status: "up" | "down";
  checks: Record<string, CheckResult>;
}

/** How long one check may take before it counts as down. */
const CHECK_TIMEOUT_MS = 2_000;

async function runCheck(check: HealthCheck): Promise<CheckResult> {
  const started = performance.now();
  const required = check.required ?? true;
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    });
    await Promise.race([check.check(), timeout]);
    return { status: "up", required, latency_ms: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      status: "down",
      required,
      latency_ms: Math.round(performance.now() - started),
      error: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}

export async function runHealthChecks(checks: readonly HealthCheck[]): Promise<HealthReport> {
  const results = await Promise.all(checks.map(async (check) => [check.name, await runCheck(check)] as const));
  const down = results.some(([, result]) => result.required && result.status === "down");
  return { status: down ? "down" : "up", checks: Object.fromEntries(results) };
}

const CheckSchema = z.object({
  status: z.enum(["up", "down"]),
  required: z.boolean(),
  latency_ms: z.number(),
  error: z.string().optional(),
});
const HealthReportSchema = z
  .object({ status: z.enum(["up", "down"]), checks: z.record(z.string(), CheckSchema) })
  .openapi("HealthReport");

function reportRoute(path: string, summary: string, checks: readonly HealthCheck[]): Route {
  return defineRoute({
    method: "get",
    path,
    tags: ["operations"],
    query: ANY_QUERY,
    summary,
    responses: {
      200: { description: "Every required check is up", body: HealthReportSchema },
      503: { description: "A required check is down", body: HealthReportSchema },
    },
    problems: [],
    async handler() {
      const report = await runHealthChecks(checks);
      return report.status === "up" ? { status: 200, body: report } : { status: 503, body: report };
    },
  });
}

export function healthRoutes(checks: readonly HealthCheck[]): Route[] {
  return [
    defineRoute({
      method: "get",
      path: "/health/live",
      tags: ["operations"],
      query: ANY_QUERY,
      summary: "The process is up",
      responses: { 200: { description: "Up", body: z.object({ status: z.literal("up") }) } },
      problems: [],
      handler: () => ({ status: 200, body: { status: "up" } }),
    }),
    reportRoute("/health/ready", "Every required dependency is reachable", checks),
    reportRoute("/health/health", "Detail of every dependency check", checks),
  ];
}
