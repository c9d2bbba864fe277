// A fresh fleet's first /metrics scrapes (SPEC §7): every metric the Grafana dashboard and the alert rules
// read already has a series on the api and each worker — no "no data" until the first failure — and the
// GlobeCo suite's standard HTTP metrics are there, labelled by route pattern and string status.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dashboardUsages, ruleUsages, selectors } from "../../../infra/scripts/metrics/usages.js";
import { scrapeOnce, seriesOf, type Sample } from "./support/prometheus-text.js";
import { startFleet, type Fleet } from "./support/rebalance-fleet.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const GUIDE_BUCKETS = ["5", "10", "25", "50", "100", "250", "500", "1000", "2500", "5000", "10000", "+Inf"];

/** `label="value"` matchers of `name` in `expr` (regex and negative matchers cannot be checked against one scrape). */
function equalityMatchers(expr: string, name: string): Record<string, string>[] {
  const uses = [...expr.matchAll(new RegExp(`(?<![A-Za-z0-9_:])${name}\\s*\\{([^}]*)\\}`, "g"))];
  return uses.map((use) =>
    Object.fromEntries(
      [...(use[1] ?? "").matchAll(/([A-Za-z_]\w*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g)]
        .filter((matcher) => matcher[2] === "=")
        .map((matcher) => [matcher[1] ?? "", matcher[3] ?? ""]),
    ),
  );
}

async function waitReady(baseUrl: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await fetch(`${baseUrl}/health/ready`).catch(() => undefined))?.status !== 200) {
    if (Date.now() > deadline) throw new Error(`${baseUrl} is not ready after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("the first scrape of a healthy fleet", () => {
  let fleet: Fleet;
  let api: Sample[];
  let workers: Sample[][];

  beforeAll(async () => {
    fleet = await startFleet("metrics-scrape");
    // Healthy = ready, as a probe sees it; then each process is scraped once, before any rebalance.
    await Promise.all([fleet.api.baseUrl, ...fleet.workers.map((worker) => worker.url)].map(waitReady));
    api = await scrapeOnce(`${fleet.api.baseUrl}/metrics`);
    workers = await Promise.all(fleet.workers.map((worker) => scrapeOnce(`${worker.url}/metrics`)));
  });
  afterAll(() => fleet?.stop());

  it("has a series of every metric the dashboard and the alert rules read, on the api with each worker", () => {
    const usages = [
      ...ruleUsages(path.join(root, "infra/prometheus/rules")),
      ...dashboardUsages(path.join(root, "infra/grafana/dashboards")),
    ];
    expect(usages.length).toBeGreaterThan(20);
    for (const worker of workers) {
      const fleetSamples = [...api, ...worker];
      const missing = usages.flatMap((usage) =>
        selectors(usage.expr)
          // Recorded series come from rules over the raw ones checked here; `up` is Prometheus' own.
          .filter(({ name }) => !name.includes(":") && name !== "up")
          .flatMap(({ name }) => {
            const wanted = equalityMatchers(usage.expr, name);
            return (wanted.length > 0 ? wanted : [{}])
              .filter((labels) => seriesOf(fleetSamples, name, labels).length === 0)
              .map((labels) => `${usage.where}: ${name}${JSON.stringify(labels)}`);
          }),
      );
      expect(missing).toEqual([]);
    }
  });

  it("has the series of every failure, stall, repair, GlobeCo call and webhook counter at 0 on each worker", () => {
    for (const worker of workers) {
      for (const [name, labels] of [
        ["ogs_job_failures_total", { queue: "rebalance-portfolios", reason: "DependencyUnavailableError" }],
        ["ogs_job_failures_total", { queue: "rebalance-portfolios", reason: "BadUpstreamDataError" }],
        ["ogs_jobs_stalled_total", { queue: "rebalance-portfolios" }],
        ["ogs_jobs_stalled_total", { queue: "webhook-deliveries" }],
        ["ogs_repairs_total", { kind: "rebalance", outcome: "enqueued" }],
        ["ogs_repairs_total", { kind: "webhook_delivery", outcome: "failed_delivery" }],
        ["ogs_external_request_failures_total", { service: "pricing", reason: "http_5xx" }],
        ["ogs_external_request_failures_total", { service: "accounting", reason: "breaker_open" }],
        ["ogs_webhook_deliveries_total", { outcome: "failed" }],
        ["ogs_webhook_attempt_duration_seconds_count", { outcome: "retrying" }],
        ["ogs_jobs_processed_total", { queue: "rebalance-finalizer", outcome: "failed" }],
        ["ogs_jobs_processed_total", { queue: "rebalance-portfolios", outcome: "skipped" }],
        ["ogs_rebalances_finished_total", { status: "completed_with_errors" }],
        ["ogs_solver_duration_seconds_count", { status: "timeout" }],
      ] as const) {
        const series = seriesOf(worker, name, { app: "worker", ...labels });
        expect(
          series.map((sample) => sample.value),
          `${name}${JSON.stringify(labels)}`,
        ).toEqual([0]);
      }
      expect(seriesOf(worker, "ogs_queue_jobs", { queue: "rebalance-portfolios", state: "waiting" })).toHaveLength(1);
    }
    expect(
      seriesOf(api, "ogs_rebalances_submitted_total")
        .map((sample) => sample.labels.mode)
        .sort(),
    ).toEqual(["async", "sync"]);
  });

  it("exports the GlobeCo standard HTTP metrics by route pattern, with string statuses and millisecond buckets", async () => {
    const missingModel = "0123456789abcdef01234567";
    expect((await fetch(`${fleet.api.baseUrl}/api/v1/model/${missingModel}`)).status).toBe(404);
    const samples = await scrapeOnce(`${fleet.api.baseUrl}/metrics`);
    const route = { app: "api", method: "GET", path: "/api/v1/model/{model_id}", status: "404" };
    expect(seriesOf(samples, "http_requests_total", route).map((sample) => sample.value)).toEqual([1]);
    expect(seriesOf(samples, "http_request_duration_count", route).map((sample) => sample.value)).toEqual([1]);
    expect(seriesOf(samples, "http_request_duration_bucket", route).map((sample) => sample.labels.le)).toEqual(
      GUIDE_BUCKETS,
    );
    // The scrape itself is the one request in flight while the registry is read.
    expect(seriesOf(samples, "http_requests_in_flight", { app: "api" }).map((sample) => sample.value)).toEqual([1]);
    const paths = seriesOf(samples, "http_requests_total").map((sample) => sample.labels.path ?? "");
    expect(paths.filter((label) => label.includes(missingModel))).toEqual([]);
    expect(paths).toContain("/health/ready");

    const simulator = fleet.simulators.urls.pricing;
    expect((await fetch(`${simulator}/api/v1/price/AAA`)).status).toBe(200);
    expect((await fetch(`${simulator}/api/v1/price/NOPE`)).status).toBe(404);
    const simulated = await scrapeOnce(`${simulator}/metrics`);
    for (const status of ["200", "404"])
      expect(
        seriesOf(simulated, "http_requests_total", {
          app: "simulators",
          service: "pricing",
          method: "GET",
          path: "/api/v1/price/{ticker}",
          status,
        }).map((sample) => sample.value),
      ).toEqual([1]);
    expect(seriesOf(simulated, "http_requests_in_flight").map((sample) => sample.value)).toEqual([1]);
  });
});
