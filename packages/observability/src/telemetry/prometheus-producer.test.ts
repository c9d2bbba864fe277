import { AggregationTemporality, DataPointType, type MetricData } from "@opentelemetry/sdk-metrics";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { prometheusMetricProducer } from "./prometheus-producer.js";

function catalogue() {
  const registry = new Registry();
  registry.setDefaultLabels({ app: "worker" });
  const registers = [registry];
  const counter = new Counter({ name: "jobs_total", help: "jobs", labelNames: ["outcome"], registers });
  const gauge = new Gauge({ name: "depth", help: "depth", labelNames: ["queue"], registers });
  const histogram = new Histogram({
    name: "duration_ms",
    help: "ms",
    labelNames: ["path"],
    buckets: [5, 10],
    registers,
  });
  return { registry, counter, gauge, histogram };
}

async function collect(registry: Registry): Promise<Map<string, MetricData>> {
  const { resourceMetrics, errors } = await prometheusMetricProducer(() => [registry]).collect();
  expect(errors).toEqual([]);
  return new Map(
    resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics).map((metric) => [metric.descriptor.name, metric]),
  );
}

describe(prometheusMetricProducer.name, () => {
  it("turns a counter into a monotonic cumulative sum with the labels, default labels included, as attributes", async () => {
    const sut = catalogue();
    sut.counter.inc({ outcome: "completed" }, 3);
    sut.counter.inc({ outcome: "failed" }, 0);
    const metric = (await collect(sut.registry)).get("jobs_total");
    expect(metric).toMatchObject({
      dataPointType: DataPointType.SUM,
      isMonotonic: true,
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
    });
    expect(metric?.dataPoints.map((point) => [point.attributes, point.value])).toEqual([
      [{ app: "worker", outcome: "completed" }, 3],
      [{ app: "worker", outcome: "failed" }, 0],
    ]);
  });

  it("turns a gauge into a gauge", async () => {
    const sut = catalogue();
    sut.gauge.set({ queue: "q" }, 7);
    const metric = (await collect(sut.registry)).get("depth");
    expect(metric?.dataPointType).toBe(DataPointType.GAUGE);
    expect(metric?.dataPoints.map((point) => point.value)).toEqual([7]);
  });

  it("turns prom-client's cumulative `le` counts into per-bucket counts, one data point per label set", async () => {
    const sut = catalogue();
    for (const value of [1, 6, 7, 50]) sut.histogram.observe({ path: "/a" }, value);
    sut.histogram.observe({ path: "/b" }, 9);
    const metric = (await collect(sut.registry)).get("duration_ms");
    expect(metric?.dataPointType).toBe(DataPointType.HISTOGRAM);
    const points = new Map(metric?.dataPoints.map((point) => [point.attributes.path, point.value]));
    expect(points.get("/a")).toEqual({ buckets: { boundaries: [5, 10], counts: [1, 2, 1] }, sum: 64, count: 4 });
    expect(points.get("/b")).toEqual({ buckets: { boundaries: [5, 10], counts: [0, 1, 0] }, sum: 9, count: 1 });
  });

  it("reads the registries at every collection, so a registry made after telemetry started is exported", async () => {
    const registries: Registry[] = [];
    const sut = prometheusMetricProducer(() => registries);
    expect((await sut.collect()).resourceMetrics.scopeMetrics[0]?.metrics).toEqual([]);
    const later = catalogue();
    later.counter.inc({ outcome: "completed" });
    registries.push(later.registry);
    const names = (await sut.collect()).resourceMetrics.scopeMetrics[0]?.metrics.map(
      (metric) => metric.descriptor.name,
    );
    expect(names).toEqual(["jobs_total", "depth", "duration_ms"]);
  });
});
