// OTLP exporters built from the resolved `telemetry` section (SPEC §7) and nothing else: the export delegates
// are given a complete configuration, so no OTEL_* variable is read behind @ogs/config's back (ARCHITECTURE:
// only packages/config reads the environment). The exporter packages' own classes would merge the
// environment's headers and certificates in. The protocol is the one the standard variables chose:
// http/protobuf, http/json or grpc.
import { OTLPExporterBase } from "@opentelemetry/otlp-exporter-base";
import { createOtlpHttpExportDelegate, httpAgentFactoryFromOptions } from "@opentelemetry/otlp-exporter-base/node-http";
import { AggregationTemporalityPreference, OTLPMetricExporterBase } from "@opentelemetry/exporter-metrics-otlp-http";
import {
  JsonMetricsSerializer,
  JsonTraceSerializer,
  MetricsExporterMetricsHelper,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
  TraceExporterMetricsHelper,
  type IExporterMetricsHelper,
  type ISerializer,
} from "@opentelemetry/otlp-transformer";
import type { ResourceMetrics } from "@opentelemetry/sdk-metrics";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace";
import type { OtlpExporterConfig } from "@ogs/config";

/** Parallel exports in flight per exporter; the exporter specification's default. */
const CONCURRENCY_LIMIT = 30;

interface Signal<Internal, Response> {
  /** gRPC service and method of the OTLP collector API. */
  grpc: { name: string; path: string };
  json: ISerializer<Internal, Response>;
  protobuf: ISerializer<Internal, Response>;
  helper: IExporterMetricsHelper<Internal>;
  component: string;
}

const TRACES: Signal<ReadableSpan[], unknown> = {
  grpc: { name: "TraceExportService", path: "/opentelemetry.proto.collector.trace.v1.TraceService/Export" },
  json: JsonTraceSerializer,
  protobuf: ProtobufTraceSerializer,
  helper: TraceExporterMetricsHelper,
  component: "span_exporter",
};

const METRICS: Signal<ResourceMetrics, unknown> = {
  grpc: { name: "MetricsExportService", path: "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export" },
  json: JsonMetricsSerializer,
  protobuf: ProtobufMetricsSerializer,
  helper: MetricsExporterMetricsHelper,
  component: "metric_exporter",
};

async function delegateFor<Internal, Response>(config: OtlpExporterConfig, signal: Signal<Internal, Response>) {
  const shared = {
    timeoutMillis: config.timeoutMs,
    concurrencyLimit: CONCURRENCY_LIMIT,
    compression: config.compression,
  };
  if (config.protocol === "grpc") {
    // Loaded only for gRPC: @grpc/grpc-js is large and most deployments speak OTLP/HTTP.
    const grpc = await import("@opentelemetry/otlp-grpc-exporter-base");
    return grpc.createOtlpGrpcExportDelegate(
      {
        ...shared,
        // host:port; the scheme only decided plain text or TLS (@ogs/config resolved it).
        url: new URL(config.url).host,
        credentials: () => (config.insecure ? grpc.createInsecureCredentials() : grpc.createSslCredentials()),
        metadata: () => {
          const metadata = grpc.createEmptyMetadata();
          for (const [name, value] of Object.entries(config.headers)) metadata.set(name, value);
          return metadata;
        },
      },
      signal.protobuf,
      `otlp_grpc_${signal.component}`,
      signal.helper,
      undefined,
      signal.grpc.name,
      signal.grpc.path,
    );
  }
  const json = config.protocol === "http/json";
  const contentType = json ? "application/json" : "application/x-protobuf";
  return createOtlpHttpExportDelegate(
    {
      ...shared,
      url: config.url,
      headers: () => Promise.resolve({ ...config.headers, "Content-Type": contentType }),
      agentFactory: httpAgentFactoryFromOptions({ keepAlive: true }),
    },
    json ? signal.json : signal.protobuf,
    `otlp_http_${json ? "json_" : ""}${signal.component}`,
    signal.helper,
    undefined,
  );
}

export async function createSpanExporter(config: OtlpExporterConfig): Promise<SpanExporter> {
  return new OTLPExporterBase(await delegateFor(config, TRACES));
}

export async function createMetricExporter(config: OtlpExporterConfig): Promise<OTLPMetricExporterBase> {
  // Cumulative, as Prometheus reads counters; passed explicitly so no variable is consulted.
  return new OTLPMetricExporterBase(await delegateFor(config, METRICS), {
    temporalityPreference: AggregationTemporalityPreference.CUMULATIVE,
  });
}
