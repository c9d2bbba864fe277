import { describe, expect, it } from "vitest";
import { BadUpstreamDataError, DependencyUnavailableError, UpstreamNotFoundError } from "@ogs/domain";
import { classifyFailure } from "./failure-kinds.js";
import { utcTradeDate } from "./stored-result.js";

describe(classifyFailure.name, () => {
  it("stops the rebalance when a required service is unavailable, naming it", () => {
    expect(classifyFailure(new DependencyUnavailableError("pricing", "connection refused"))).toEqual({
      kind: "fail-fast",
      service: "pricing",
      message: "The Pricing service (pricing) is unavailable: connection refused",
    });
  });

  it("keeps the clients' message, which already names the service, so the service and the cause appear once", () => {
    const message =
      "The Portfolio Accounting service (accounting) is unavailable: GET /api/v1/portfolios/P1/summary failed at once because its circuit breaker is open.";
    expect(classifyFailure(new DependencyUnavailableError("accounting", message))).toEqual({
      kind: "fail-fast",
      service: "accounting",
      message,
    });
  });

  it("does not stop the rebalance for the optional Portfolio service or for MongoDB", () => {
    expect(classifyFailure(new DependencyUnavailableError("portfolio", "down")).kind).toBe("retry");
    expect(classifyFailure(new DependencyUnavailableError("mongodb", "down")).kind).toBe("retry");
  });

  it("fails only the portfolio for bad upstream data, naming the security", () => {
    const failure = classifyFailure(
      new BadUpstreamDataError("pricing", "price must be > 0", "/api/v1/price/XYZ", "SEC000000000000000000001"),
    );
    expect(failure).toEqual({ kind: "portfolio", message: "Security SEC000000000000000000001: price must be > 0" });
  });

  it("fails only the portfolio for an unknown security", () => {
    const failure = classifyFailure(
      new UpstreamNotFoundError(
        "security",
        "security",
        "SEC000000000000000000002",
        "/api/v1/security/SEC000000000000000000002",
      ),
    );
    expect(failure.kind).toBe("portfolio");
    expect(failure.message).toContain("SEC000000000000000000002");
  });

  it("names the security when the pricing service has no price for its ticker", () => {
    const error = new UpstreamNotFoundError(
      "pricing",
      "price for ticker",
      "AAPL",
      "/api/v1/price/AAPL",
      "SEC000000000000000000003",
    );
    expect(classifyFailure(error)).toEqual({
      kind: "portfolio",
      message: `Security SEC000000000000000000003: ${error.message}`,
    });
  });

  it("retries anything else", () => {
    expect(classifyFailure(new Error("socket hang up")).kind).toBe("retry");
  });
});

describe(utcTradeDate.name, () => {
  it("uses the UTC calendar date", () => {
    expect(utcTradeDate(new Date("2025-03-31T23:30:00-05:00"))).toBe("2025-04-01");
  });
});
