// The typed `telemetry` section of the api's and the worker's configuration (SPEC §7): everything
// an OpenTelemetry SDK needs to export, already resolved from the standard OTEL_* variables and the
// original service's names. Pass these values to the exporters explicitly (ARCHITECTURE: nothing
// but @ogs/config reads process.env).

export type OtlpProtocol = "grpc" | "http/protobuf" | "http/json";

/** How one signal is exported. */
export interface OtlpExporterConfig {
  /** The transport. @defaultValue "http/protobuf" */
  protocol: OtlpProtocol;
  /**
   * The URL to send to, always with a scheme: over HTTP the full path (`…/v1/traces`,
   * `…/v1/metrics`), over gRPC `scheme://host:port`.
   */
  url: string;
  /** True when the connection is plain text (`http://`); for gRPC, use insecure channel credentials. */
  insecure: boolean;
  /** Headers sent with every export (OTEL_EXPORTER_OTLP_HEADERS). @defaultValue {} */
  headers: Record<string, string>;
  /** Time limit of one export in milliseconds. @defaultValue 10000 */
  timeoutMs: number;
  /** @defaultValue "none" */
  compression: "gzip" | "none";
}

export interface OtlpMetricsExporterConfig extends OtlpExporterConfig {
  /** Milliseconds between two exports (OTEL_METRIC_EXPORT_INTERVAL). @defaultValue 60000 */
  exportIntervalMs: number;
}

export interface TelemetryConfig {
  /** True when traces or metrics are exported; false = build no OpenTelemetry SDK at all. */
  enabled: boolean;
  /**
   * Resource attributes of every span and metric: OTEL_RESOURCE_ATTRIBUTES, with `service.namespace`
   * from OTEL_SERVICE_NAMESPACE and `service.name` from OTEL_SERVICE_NAME when set. Without `service.name`,
   * the process' own default applies (startTelemetry in @ogs/observability). @defaultValue {}
   */
  resource: Record<string, string>;
  /** Undefined: spans are not exported (no endpoint, OTEL_TRACES_EXPORTER=none or OTEL_SDK_DISABLED). */
  traces: OtlpExporterConfig | undefined;
  /** Undefined: metrics are not exported over OTLP (Prometheus' /metrics is served regardless). */
  metrics: OtlpMetricsExporterConfig | undefined;
}

/** A problem found while resolving; `variable` is absent when the message names several. */
export interface TelemetryProblem {
  variable?: string;
  message: string;
}
