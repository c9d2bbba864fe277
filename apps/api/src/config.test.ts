import { ConfigError, parseConfig } from "@ogs/config";
import { describe, expect, it } from "vitest";
import { chartEnvironment } from "@ogs/test-support";
import { apiEnv } from "./config.js";

describe("apiEnv", () => {
  it("parses the GlobeCo chart's environment as written (SPEC §1)", () => {
    const sut = parseConfig(apiEnv, chartEnvironment());
    expect(sut).toMatchObject({
      MONGODB_URL: "mongodb://globeco-order-generation-service-mongodb",
      MONGODB_DB: "prod",
      LOG_LEVEL: "info",
      PORT: 8088,
    });
    expect(sut.telemetry.traces?.url).toBe("http://10.0.0.5:4318/v1/traces");
    expect(sut.telemetry.resource).toMatchObject({ "service.namespace": "globeco", "k8s.pod.ip": "10.1.2.3" });
    // Accepted and unused: nothing of them is kept, nor the raw OTEL_* variables.
    expect(Object.keys(sut).filter((name) => /^(SECRET_KEY|OTEL_|DATABASE_)/.test(name))).toEqual([]);
  });

  it("stops on the chart's DATABASE_NAME and a different MONGODB_DB, naming both", () => {
    expect(() => parseConfig(apiEnv, { ...chartEnvironment(), MONGODB_DB: "order_generation" })).toThrow(
      /MONGODB_DB and DATABASE_NAME .* \("order_generation" and "prod"\)/,
    );
  });

  it("reports a telemetry conflict as a ConfigError", () => {
    const run = () =>
      parseConfig(apiEnv, { ...chartEnvironment(), OTEL_EXPORTER_OTLP_ENDPOINT: "http://elsewhere:4318" });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_COLLECTOR_HTTP_ENDPOINT/);
  });

  it("takes the administrator's credentials both or neither: one alone stops the start naming the other", () => {
    expect(parseConfig(apiEnv, { ADMIN_USER: "ops", ADMIN_PASSWORD: "s3cret" }).admin).toEqual({
      user: "ops",
      password: "s3cret",
    });
    expect(parseConfig(apiEnv, {}).admin).toBeUndefined();
    expect(() => parseConfig(apiEnv, { ADMIN_USER: "ops" })).toThrow(
      /ADMIN_PASSWORD: is required when ADMIN_USER is set/,
    );
    expect(() => parseConfig(apiEnv, { ADMIN_PASSWORD: "s3cret" })).toThrow(
      /ADMIN_USER: is required when ADMIN_PASSWORD is set/,
    );
  });
});
