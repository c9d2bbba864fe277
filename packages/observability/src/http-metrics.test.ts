import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { declareHttpMetrics, startHttpRequest } from "./http-metrics.js";

describe(startHttpRequest.name, () => {
  it("counts a request in flight until it is recorded once, by upper-case method, path and string status", async () => {
    const registry = new Registry();
    const metrics = declareHttpMetrics([registry]);
    const finish = startHttpRequest(metrics, "get");
    expect((await metrics.httpRequestsInFlight.get()).values[0]?.value).toBe(1);
    finish("/api/v1/model/{model_id}", 404);
    finish("/api/v1/model/{model_id}", 499);
    expect((await metrics.httpRequestsInFlight.get()).values[0]?.value).toBe(0);
    const total = await metrics.httpRequestsTotal.get();
    expect(total.values).toEqual([
      { labels: { method: "GET", path: "/api/v1/model/{model_id}", status: "404" }, value: 1 },
    ]);
    const buckets = (await metrics.httpRequestDurationMs.get()).values
      .filter((value) => value.metricName === "http_request_duration_bucket")
      .map((value) => (value.labels as Record<string, unknown>).le);
    expect(buckets).toEqual([5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, "+Inf"]);
  });
});
