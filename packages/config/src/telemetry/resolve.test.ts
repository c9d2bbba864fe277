import { describe, expect, it } from "vitest";
import { telemetryEnv } from "../sections/telemetry.js";
import { resolveTelemetry } from "./resolve.js";

/** The chart's OpenTelemetry variables after the kubelet expanded $(NODE_IP) and friends. */
const CHART = {
  OTEL_COLLECTOR_GRPC_ENDPOINT: "10.0.0.5:4317",
  OTEL_COLLECTOR_HTTP_ENDPOINT: "http://10.0.0.5:4318",
  OTEL_INSECURE: "true",
  OTEL_SERVICE_NAME: "globeco-order-generation-service",
  OTEL_SERVICE_NAMESPACE: "globeco",
  OTEL_RESOURCE_ATTRIBUTES: "k8s.pod.ip=10.1.2.3, k8s.pod.name=ogs-1, k8s.node.name=node-1, k8s.namespace.name=globeco",
};

const sut = (env: Record<string, string>) => resolveTelemetry(telemetryEnv.parse(env));

describe(resolveTelemetry.name, () => {
  it("exports nothing when no endpoint is configured", () => {
    const { telemetry, problems } = sut({});
    expect(problems).toEqual([]);
    expect(telemetry).toEqual({
      enabled: false,
      // No service.name: each process supplies its own default.
      resource: {},
      traces: undefined,
      metrics: undefined,
    });
  });

  it("sends both signals over OTLP/HTTP to the chart's node-local collector by default", () => {
    const { telemetry, problems } = sut(CHART);
    expect(problems).toEqual([]);
    expect(telemetry.enabled).toBe(true);
    expect(telemetry.traces).toEqual({
      protocol: "http/protobuf",
      url: "http://10.0.0.5:4318/v1/traces",
      insecure: true,
      headers: {},
      timeoutMs: 10_000,
      compression: "none",
    });
    expect(telemetry.metrics).toMatchObject({ url: "http://10.0.0.5:4318/v1/metrics", exportIntervalMs: 60_000 });
    expect(telemetry.resource).toEqual({
      "k8s.pod.ip": "10.1.2.3",
      "k8s.pod.name": "ogs-1",
      "k8s.node.name": "node-1",
      "k8s.namespace.name": "globeco",
      "service.namespace": "globeco",
      "service.name": "globeco-order-generation-service",
    });
  });

  it("uses the chart's gRPC address over gRPC, plain text as the original's OTEL_INSECURE says", () => {
    const { telemetry } = sut({ ...CHART, OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" });
    expect(telemetry.traces).toMatchObject({ protocol: "grpc", url: "http://10.0.0.5:4317", insecure: true });
    expect(telemetry.metrics).toMatchObject({ protocol: "grpc", url: "http://10.0.0.5:4317" });
  });

  it("defaults the original's gRPC address to plain text, as the original does, and honours OTEL_INSECURE=false", () => {
    const grpc = { OTEL_EXPORTER_OTLP_PROTOCOL: "grpc", OTEL_COLLECTOR_GRPC_ENDPOINT: "collector:4317" };
    expect(sut(grpc).telemetry.traces?.url).toBe("http://collector:4317");
    expect(sut({ ...grpc, OTEL_INSECURE: "false" }).telemetry.traces).toMatchObject({
      url: "https://collector:4317",
      insecure: false,
    });
    expect(
      sut({ OTEL_EXPORTER_OTLP_PROTOCOL: "grpc", OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4317" }).telemetry.traces?.url,
    ).toBe("https://collector:4317");
  });

  it("mixes transports per signal, each with the original's endpoint of its protocol", () => {
    const { telemetry } = sut({ ...CHART, OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: "grpc" });
    expect(telemetry.traces?.url).toBe("http://10.0.0.5:4318/v1/traces");
    expect(telemetry.metrics).toMatchObject({ protocol: "grpc", url: "http://10.0.0.5:4317" });
  });

  it("accepts the standard endpoint when it agrees with the original's", () => {
    const { telemetry, problems } = sut({ ...CHART, OTEL_EXPORTER_OTLP_ENDPOINT: "http://10.0.0.5:4318/" });
    expect(problems).toEqual([]);
    expect(telemetry.traces?.url).toBe("http://10.0.0.5:4318/v1/traces");
    expect(
      sut({ ...CHART, OTEL_EXPORTER_OTLP_PROTOCOL: "grpc", OTEL_EXPORTER_OTLP_ENDPOINT: "http://10.0.0.5:4317" })
        .problems,
    ).toEqual([]);
  });

  it("stops on a standard endpoint that disagrees with the original's, naming both once", () => {
    const { problems } = sut({ ...CHART, OTEL_EXPORTER_OTLP_ENDPOINT: "http://elsewhere:4318" });
    expect(problems).toEqual([
      {
        message:
          'OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_COLLECTOR_HTTP_ENDPOINT (the original service\'s name for it) are both set, to different values ("http://elsewhere:4318" and "http://10.0.0.5:4318"); set only one of them, or both to the same value',
      },
    ]);
  });

  it("compares the standard endpoint with the original's endpoint of the protocol in use only", () => {
    const env = { ...CHART, OTEL_EXPORTER_OTLP_PROTOCOL: "grpc", OTEL_EXPORTER_OTLP_ENDPOINT: "http://10.0.0.5:4318" };
    expect(sut(env).problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_COLLECTOR_GRPC_ENDPOINT /),
    ]);
  });

  it("stops on OTEL_INSECURE disagreeing with OTEL_EXPORTER_OTLP_INSECURE, but not on 1 vs true", () => {
    expect(sut({ ...CHART, OTEL_EXPORTER_OTLP_INSECURE: "1" }).problems).toEqual([]);
    expect(sut({ ...CHART, OTEL_EXPORTER_OTLP_INSECURE: "false" }).problems[0]?.message).toMatch(
      /^OTEL_EXPORTER_OTLP_INSECURE and OTEL_INSECURE .*\("false" and "true"\)/,
    );
  });

  it("stops on OTEL_SERVICE_NAMESPACE disagreeing with service.namespace in OTEL_RESOURCE_ATTRIBUTES", () => {
    const { problems } = sut({ ...CHART, OTEL_RESOURCE_ATTRIBUTES: "service.namespace=other" });
    expect(problems[0]?.message).toMatch(/OTEL_RESOURCE_ATTRIBUTES \(service.namespace\) and OTEL_SERVICE_NAMESPACE/);
  });

  it("lets OTEL_SERVICE_NAME win over service.name in OTEL_RESOURCE_ATTRIBUTES, as the specification says", () => {
    expect(sut({ OTEL_RESOURCE_ATTRIBUTES: "service.name=a" }).telemetry.resource["service.name"]).toBe("a");
    expect(
      sut({ OTEL_RESOURCE_ATTRIBUTES: "service.name=a", OTEL_SERVICE_NAME: "b" }).telemetry.resource["service.name"],
    ).toBe("b");
  });

  it("uses a per-signal endpoint as is, over every base endpoint", () => {
    const { telemetry } = sut({ ...CHART, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "https://traces.example/custom" });
    expect(telemetry.traces).toMatchObject({ url: "https://traces.example/custom", insecure: false });
    expect(telemetry.metrics?.url).toBe("http://10.0.0.5:4318/v1/metrics");
  });

  it("turns a signal off with OTEL_*_EXPORTER=none and everything off with OTEL_SDK_DISABLED", () => {
    const tracesOff = sut({ ...CHART, OTEL_TRACES_EXPORTER: "none" }).telemetry;
    expect(tracesOff.traces).toBeUndefined();
    expect(tracesOff.metrics).toBeDefined();
    const off = sut({ ...CHART, OTEL_SDK_DISABLED: "true" }).telemetry;
    expect(off).toMatchObject({ enabled: false, traces: undefined, metrics: undefined });
  });

  it("still reports a conflicting pair when the SDK is disabled", () => {
    expect(
      sut({ ...CHART, OTEL_SDK_DISABLED: "true", OTEL_EXPORTER_OTLP_ENDPOINT: "http://x:1" }).problems,
    ).toHaveLength(1);
  });

  it("rejects a host:port endpoint for an HTTP protocol, naming the variable", () => {
    expect(sut({ OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" }).problems).toEqual([
      {
        variable: "OTEL_EXPORTER_OTLP_ENDPOINT",
        message: "expected an http:// or https:// URL for protocol http/protobuf",
      },
    ]);
  });

  it("passes headers, timeout and compression to both signals and never echoes a bad header", () => {
    const { telemetry } = sut({
      ...CHART,
      OTEL_EXPORTER_OTLP_HEADERS: "authorization=Bearer%20t0ken",
      OTEL_EXPORTER_OTLP_TIMEOUT: "5000",
      OTEL_EXPORTER_OTLP_COMPRESSION: "gzip",
      OTEL_METRIC_EXPORT_INTERVAL: "15000",
    });
    expect(telemetry.traces).toMatchObject({
      headers: { authorization: "Bearer t0ken" },
      timeoutMs: 5000,
      compression: "gzip",
    });
    expect(telemetry.metrics).toMatchObject({ headers: { authorization: "Bearer t0ken" }, exportIntervalMs: 15_000 });
    expect(sut({ OTEL_EXPORTER_OTLP_HEADERS: "t0ken" }).problems).toEqual([
      { variable: "OTEL_EXPORTER_OTLP_HEADERS", message: "expected key=value pairs separated by commas" },
    ]);
  });
});
