// The GlobeCo suite's standard HTTP metrics (the original service's docs/http-metrics-implementation-guide-python.md),
// which every GlobeCo service exposes under the same names so the suite's dashboards see them all:
// `http_requests_total` and `http_request_duration` (milliseconds) by method, route pattern and status, and
// `http_requests_in_flight`. Declared on a registry of the caller's; the API, the worker's ops server and the
// simulators record them with `startHttpRequest`.
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { exportRegistry } from "./telemetry/state.js";

/** The guide's buckets, in milliseconds. */
export const HTTP_DURATION_BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

/** Label of a request no route matched (a 404, a malformed URL): never the raw path, whose ids are unbounded. */
export const UNMATCHED_PATH = "unmatched";

/** Status label of a request that ended without an answer (its client went away, or the connection was cut), as nginx logs it. */
export const NO_RESPONSE_STATUS = 499;

export function declareHttpMetrics(registers: Registry[]) {
  return {
    /** Requests by method (upper case), route pattern and status code (a string). */
    httpRequestsTotal: new Counter({
      name: "http_requests_total",
      help: "Total number of HTTP requests",
      labelNames: ["method", "path", "status"] as const,
      registers,
    }),
    /** Request duration in milliseconds, by method, route pattern and status code. */
    httpRequestDurationMs: new Histogram({
      name: "http_request_duration",
      help: "HTTP request duration in milliseconds",
      labelNames: ["method", "path", "status"] as const,
      buckets: HTTP_DURATION_BUCKETS_MS,
      registers,
    }),
    /** Requests being processed now. */
    httpRequestsInFlight: new Gauge({
      name: "http_requests_in_flight",
      help: "Number of HTTP requests currently being processed",
      registers,
    }),
  };
}

export type HttpMetrics = ReturnType<typeof declareHttpMetrics>;

/**
 * A registry holding only the standard HTTP metrics, with `labels` on every series: for a process that is not
 * part of the catalogue (each GlobeCo simulator serves its own, as each real service does).
 */
export function createHttpMetricsRegistry(labels: Record<string, string>): HttpMetrics & { registry: Registry } {
  const registry = new Registry();
  registry.setDefaultLabels(labels);
  exportRegistry(registry);
  return { registry, ...declareHttpMetrics([registry]) };
}

/**
 * Counts one request in flight; the returned function records it once it has been answered (or its client
 * went away) with its route pattern and status. Calling it again does nothing, so `finish` and `close` may both call it.
 */
export function startHttpRequest(
  metrics: HttpMetrics,
  method: string | undefined,
): (path: string, status: number) => void {
  const started = performance.now();
  metrics.httpRequestsInFlight.inc();
  let done = false;
  return (path, status) => {
    if (done) return;
    done = true;
    metrics.httpRequestsInFlight.dec();
    const labels = { method: (method ?? "UNKNOWN").toUpperCase(), path, status: String(status) };
    metrics.httpRequestsTotal.inc(labels);
    metrics.httpRequestDurationMs.observe(labels, performance.now() - started);
  };
}
