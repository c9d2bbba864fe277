// The OTLP exporters speak the protocol the resolved configuration names, to its URL, with its headers and
// compression — and with nothing the SDK would have read from OTEL_* variables itself (ARCHITECTURE: only
// @ogs/config reads the environment).
import type { OtlpExporterConfig } from "@ogs/config";
import { SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startOtlpReceiver, type OtlpReceiver } from "@ogs/test-support";
import { createSpanExporter } from "../src/telemetry/exporters.js";

describe(createSpanExporter.name, () => {
  let receiver: OtlpReceiver;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    // What the SDK's own exporters would merge in behind the configuration's back.
    process.env.OTEL_EXPORTER_OTLP_HEADERS = "x-from-env=1";
    process.env.OTEL_EXPORTER_OTLP_TRACES_HEADERS = "x-from-env-traces=1";
  });
  afterEach(() => {
    receiver.spans.length = 0;
    receiver.requests.length = 0;
    receiver.headers.length = 0;
  });
  afterAll(async () => {
    delete process.env.OTEL_EXPORTER_OTLP_HEADERS;
    delete process.env.OTEL_EXPORTER_OTLP_TRACES_HEADERS;
    await receiver.close();
  });

  it.each([
    ["http/protobuf", "application/x-protobuf", "none"],
    ["http/json", "application/json", "gzip"],
  ] as const)(
    "sends %s as %s (compression %s) with the configured headers only",
    async (protocol, type, compression) => {
      const config: OtlpExporterConfig = {
        protocol,
        url: `${receiver.url}/v1/traces`,
        insecure: true,
        headers: { "x-tenant": "globeco" },
        timeoutMs: 5_000,
        compression,
      };
      const provider = new TracerProvider({
        spanProcessors: [new SimpleSpanProcessor({ exporter: await createSpanExporter(config) })],
      });
      provider.getTracer("test").startSpan(`exported as ${protocol}`).end();
      await provider.forceFlush();
      await provider.shutdown();

      expect(receiver.requests).toEqual([`/v1/traces ${type}`]);
      expect(receiver.spans.map((span) => span.name)).toEqual([`exported as ${protocol}`]);
      const headers = receiver.headers[0] ?? {};
      expect(headers["x-tenant"]).toBe("globeco");
      expect(headers["content-encoding"]).toBe(compression === "gzip" ? "gzip" : undefined);
      expect(headers["x-from-env"]).toBeUndefined();
      expect(headers["x-from-env-traces"]).toBeUndefined();
    },
  );
});
