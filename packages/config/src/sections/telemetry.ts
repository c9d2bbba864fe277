// OpenTelemetry export settings (SPEC §7) as variables: the standard OTEL_* names and the original
// service's names that the GlobeCo chart sets. telemetry/resolve.ts turns them into the typed
// `telemetry` section (precedence and conflicts are decided there, in one place).
import { z } from "zod";
import { bool, optionalBool, positiveInt } from "../fields.js";

const protocol = () =>
  z.enum(["grpc", "http/protobuf", "http/json"], { error: "expected grpc, http/protobuf or http/json" }).optional();

const exporter = () => z.enum(["otlp", "none"], { error: "expected otlp or none" }).default("otlp");

/** `host:port`, or an http(s) URL; the endpoints' exact form per protocol is checked when resolving. */
const endpoint = () =>
  z
    .string()
    .regex(/^(https?:\/\/[^\s/]+(\/\S*)?|[^\s:/]+:\d{1,5})$/, "expected an http(s):// URL or host:port")
    .optional();

export const telemetryEnv = z.object({
  /** Standard: `true` builds no OpenTelemetry SDK at all. @defaultValue false */
  OTEL_SDK_DISABLED: bool(false),
  /** Standard: `service.name` of every span and metric; wins over `service.name` in OTEL_RESOURCE_ATTRIBUTES. @defaultValue per process: "globeco-order-generation-service" (the api: the name the original reports), "globeco-order-generation-worker", "globeco-simulators" */
  OTEL_SERVICE_NAME: z.string().optional(),
  /** Standard: extra resource attributes, `key=value` pairs separated by commas (values percent-encoded). */
  OTEL_RESOURCE_ATTRIBUTES: z.string().optional(),
  /** Standard: `otlp` exports spans, `none` does not. @defaultValue "otlp" */
  OTEL_TRACES_EXPORTER: exporter(),
  /** Standard: `otlp` exports metrics, `none` does not (Prometheus' /metrics is unaffected). @defaultValue "otlp" */
  OTEL_METRICS_EXPORTER: exporter(),
  /** Standard: the OTLP transport of both signals. @defaultValue "http/protobuf" (the specification's default) */
  OTEL_EXPORTER_OTLP_PROTOCOL: protocol(),
  /** Standard: the transport of spans; wins over OTEL_EXPORTER_OTLP_PROTOCOL. */
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: protocol(),
  /** Standard: the transport of metrics; wins over OTEL_EXPORTER_OTLP_PROTOCOL. */
  OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: protocol(),
  /** Standard: the collector's base URL; over HTTP `/v1/traces` and `/v1/metrics` are appended. Unset (and no other endpoint) = nothing exported. */
  OTEL_EXPORTER_OTLP_ENDPOINT: endpoint(),
  /** Standard: the URL spans are sent to, used as is; wins over every base endpoint. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: endpoint(),
  /** Standard: the URL metrics are sent to, used as is; wins over every base endpoint. */
  OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: endpoint(),
  /** Standard: gRPC without TLS for an endpoint given without a scheme (an explicit http/https scheme decides otherwise). @defaultValue false */
  OTEL_EXPORTER_OTLP_INSECURE: optionalBool(),
  /** Standard: headers sent with every export, `key=value` pairs separated by commas. A secret (never printed). */
  OTEL_EXPORTER_OTLP_HEADERS: z.string().optional(),
  /** Standard: time limit of one export in milliseconds. @defaultValue 10000 */
  OTEL_EXPORTER_OTLP_TIMEOUT: positiveInt(10_000),
  /** Standard: `gzip` compresses exports. @defaultValue "none" */
  OTEL_EXPORTER_OTLP_COMPRESSION: z.enum(["gzip", "none"], { error: "expected gzip or none" }).default("none"),
  /** Standard: milliseconds between two metric exports. @defaultValue 60000 */
  OTEL_METRIC_EXPORT_INTERVAL: positiveInt(60_000),
  /** The original's name: the collector's gRPC address (`host:port`, as the chart sets `$(NODE_IP):4317`); the base endpoint of signals sent over gRPC. */
  OTEL_COLLECTOR_GRPC_ENDPOINT: endpoint(),
  /** The original's name: the collector's HTTP base URL (the chart sets `http://$(NODE_IP):4318`); the base endpoint of signals sent over HTTP. */
  OTEL_COLLECTOR_HTTP_ENDPOINT: endpoint(),
  /** The original's name for OTEL_EXPORTER_OTLP_INSECURE; for OTEL_COLLECTOR_GRPC_ENDPOINT it defaults to true, as in the original. */
  OTEL_INSECURE: optionalBool(),
  /** The original's name: `service.namespace` of the resource (the chart sets `globeco`). */
  OTEL_SERVICE_NAMESPACE: z.string().optional(),
});

export type TelemetryEnv = z.output<typeof telemetryEnv>;
