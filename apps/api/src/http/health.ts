// Health endpoints (SPEC §7): live = the process answers; ready = every required check passes
// (MongoDB now, Redis later), else 503; health = the detail of every check.
import type { Router } from "express";
import express from "express";

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

export function healthRouter(checks: readonly HealthCheck[]): Router {
  const router = express.Router();
  router.get("/health/live", (_req, res) => {
    res.json({ status: "up" });
  });
  router.get("/health/ready", async (_req, res) => {
    const report = await runHealthChecks(checks);
    res.status(report.status === "up" ? 200 : 503).json(report);
  });
  router.get("/health/health", async (_req, res) => {
    const report = await runHealthChecks(checks);
    res.status(report.status === "up" ? 200 : 503).json(report);
  });
  return router;
}
