import { parseConfig } from "@ogs/config";
import { describe, expect, it } from "vitest";
import { chartEnvironment } from "@ogs/test-support";
import { workerConfigSchema } from "./config.js";

describe("workerConfigSchema", () => {
  it("parses the GlobeCo chart's environment as written (SPEC §1)", () => {
    const sut = parseConfig(workerConfigSchema, chartEnvironment());
    expect(sut).toMatchObject({ MONGODB_DB: "prod", LOG_LEVEL: "info" });
    expect(sut.telemetry.metrics).toMatchObject({ url: "http://10.0.0.5:4318/v1/metrics", insecure: true });
  });

  it("stops on the chart's OTEL_INSECURE and a different OTEL_EXPORTER_OTLP_INSECURE, naming both", () => {
    expect(() =>
      parseConfig(workerConfigSchema, { ...chartEnvironment(), OTEL_EXPORTER_OTLP_INSECURE: "false" }),
    ).toThrow(/OTEL_EXPORTER_OTLP_INSECURE and OTEL_INSECURE/);
  });
});
