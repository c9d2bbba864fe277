// The metrics catalogue over OTLP (SPEC §7): prom-client stays the one source of every metric — /metrics
// serves it to Prometheus — and this MetricProducer hands the same series to the OpenTelemetry SDK's
// periodic reader, so a GlobeCo collector that receives its services' metrics over OTLP gets ours too,
// under the same names. Counters become monotonic cumulative sums, gauges gauges, histograms explicit-bucket
// histograms (prom-client's cumulative `le` counts turned into per-bucket counts). The registry has no
// summaries; one would be skipped, since the SDK's data model has none.
import { ValueType } from "@opentelemetry/api";
import { millisToHrTime } from "@opentelemetry/core";
import { emptyResource } from "@opentelemetry/resources";
import {
  AggregationTemporality,
  DataPointType,
  type CollectionResult,
  type DataPoint,
  type MetricData,
  type MetricProducer,
} from "@opentelemetry/sdk-metrics";
import type { MetricObjectWithValues, MetricValueWithName, Registry } from "prom-client";
import type { HrTime } from "@opentelemetry/api";

// Histogram values name their series (`x_bucket`, `x_sum`, `x_count`); the registry's JSON types hide it.
type Family = MetricObjectWithValues<MetricValueWithName<string>>;
type Labels = Record<string, string | number>;

const attributesOf = (labels: Labels, omit?: string) =>
  Object.fromEntries(Object.entries(labels).filter(([name]) => name !== omit));

function histogramPoints(family: Family, startTime: HrTime, endTime: HrTime): MetricData {
  const series = new Map<string, { attributes: Labels; le: [number, number][]; sum: number; count: number }>();
  for (const value of family.values) {
    const attributes = attributesOf(value.labels as Labels, "le");
    const key = JSON.stringify(attributes);
    const entry = series.get(key) ?? { attributes, le: [], sum: 0, count: 0 };
    series.set(key, entry);
    if (value.metricName === `${family.name}_sum`) entry.sum = value.value;
    else if (value.metricName === `${family.name}_count`) entry.count = value.value;
    else entry.le.push([Number((value.labels as Labels).le), value.value]);
  }
  const dataPoints = [...series.values()].map(({ attributes, le, sum, count }) => {
    const finite = le.filter(([bound]) => Number.isFinite(bound)).sort(([a], [b]) => a - b);
    const cumulative = [...finite.map(([, total]) => total), count];
    return {
      startTime,
      endTime,
      attributes,
      value: {
        buckets: {
          boundaries: finite.map(([bound]) => bound),
          counts: cumulative.map((total, index) => total - (index === 0 ? 0 : (cumulative[index - 1] ?? 0))),
        },
        sum,
        count,
      },
    };
  });
  return {
    descriptor: { name: family.name, description: family.help, unit: "", valueType: ValueType.DOUBLE },
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.HISTOGRAM,
    dataPoints,
  };
}

function toMetricData(family: Family, startTime: HrTime, endTime: HrTime): MetricData | undefined {
  const type = String(family.type);
  if (type === "histogram") return histogramPoints(family, startTime, endTime);
  const descriptor = { name: family.name, description: family.help, unit: "", valueType: ValueType.DOUBLE };
  const dataPoints: DataPoint<number>[] = family.values.map((value) => ({
    startTime,
    endTime,
    attributes: attributesOf(value.labels as Labels),
    value: value.value,
  }));
  const aggregationTemporality = AggregationTemporality.CUMULATIVE;
  if (type === "counter")
    return { descriptor, aggregationTemporality, dataPointType: DataPointType.SUM, dataPoints, isMonotonic: true };
  if (type === "gauge") return { descriptor, aggregationTemporality, dataPointType: DataPointType.GAUGE, dataPoints };
  return undefined;
}

/** Reads `registries()` at every collection (the process' catalogue may be created after telemetry starts). */
export function prometheusMetricProducer(registries: () => readonly Registry[]): MetricProducer {
  // Counters count from the process' start.
  const startTime = millisToHrTime(performance.timeOrigin);
  return {
    async collect(): Promise<CollectionResult> {
      const families = (
        await Promise.all(registries().map((registry) => registry.getMetricsAsJSON()))
      ).flat() as Family[];
      const endTime = millisToHrTime(Date.now());
      const metrics = families.flatMap((family) => toMetricData(family, startTime, endTime) ?? []);
      return {
        // The reader keeps its own resource (service.name, …) and takes only the scope metrics from here.
        resourceMetrics: { resource: emptyResource(), scopeMetrics: [{ scope: { name: "prom-client" }, metrics }] },
        errors: [],
      };
    },
  };
}
