import { describe, expect, it } from "vitest";
import { BadUpstreamDataError, DependencyUnavailableError, NotFoundError, UpstreamNotFoundError } from "@ogs/domain";
import { decideFailure, failureMessage, isPermanentFailure } from "./failure-policy.js";

const portfolioJob = { name: "rebalance-portfolio" as const, attempt: 1, maxAttempts: 3 };
const lastAttempt = { ...portfolioJob, attempt: 3 };

describe(decideFailure.name, () => {
  it("stops the rebalance when a required service is down, naming it", () => {
    expect(decideFailure(new DependencyUnavailableError("pricing", "connection refused"), portfolioJob)).toEqual({
      action: "fail-fast",
      service: "pricing",
      message: "The Pricing service (pricing) is unavailable: connection refused",
    });
  });

  it("keeps the clients' message, which already names the service, so the service and the cause appear once", () => {
    const message =
      "The Portfolio Accounting service (accounting) is unavailable: GET /api/v1/portfolios/P1/summary failed at once because its circuit breaker is open.";
    expect(decideFailure(new DependencyUnavailableError("accounting", message), portfolioJob)).toEqual({
      action: "fail-fast",
      service: "accounting",
      message,
    });
  });

  it("retries the portfolio when a required service is only degraded, and fails the portfolio alone on its last attempt", () => {
    const degraded = new DependencyUnavailableError("pricing", "answered 503 (4 attempts)", "/p", { kind: "degraded" });
    expect(decideFailure(degraded, portfolioJob)).toEqual({ action: "retry" });
    expect(decideFailure(degraded, lastAttempt)).toEqual({
      action: "fail-portfolio",
      message: "The Pricing service (pricing) is unavailable: answered 503 (4 attempts)",
    });
  });

  it("does not stop the rebalance for the optional Portfolio service or for MongoDB: it retries", () => {
    expect(decideFailure(new DependencyUnavailableError("portfolio", "down"), portfolioJob).action).toBe("retry");
    expect(decideFailure(new DependencyUnavailableError("mongodb", "down"), portfolioJob).action).toBe("retry");
  });

  it("fails only the portfolio for bad upstream data, naming the security", () => {
    const error = new BadUpstreamDataError(
      "pricing",
      "price must be > 0",
      "/api/v1/price/XYZ",
      "SEC000000000000000000001",
    );
    expect(decideFailure(error, portfolioJob)).toEqual({
      action: "fail-portfolio",
      message: "Security SEC000000000000000000001: price must be > 0",
    });
  });

  it("fails only the portfolio for an unknown security, naming it", () => {
    const error = new UpstreamNotFoundError(
      "pricing",
      "price for ticker",
      "AAPL",
      "/api/v1/price/AAPL",
      "SEC000000000000000000003",
    );
    expect(decideFailure(error, portfolioJob)).toEqual({
      action: "fail-portfolio",
      message: `Security SEC000000000000000000003: ${error.message}`,
    });
  });

  it("retries anything else, and fails the portfolio on the last attempt", () => {
    expect(decideFailure(new Error("socket hang up"), portfolioJob)).toEqual({ action: "retry" });
    expect(decideFailure(new Error("socket hang up"), lastAttempt)).toEqual({
      action: "fail-portfolio",
      message: "socket hang up",
    });
  });

  it("gives up on a finaliser or a delivery only for a domain error other than an outage", () => {
    const finalizer = { name: "finalize-rebalance" as const, attempt: 1, maxAttempts: 8 };
    expect(decideFailure(new NotFoundError("rebalance", "x"), finalizer)).toEqual({ action: "give-up" });
    expect(decideFailure(new DependencyUnavailableError("mongodb", "down"), finalizer)).toEqual({ action: "retry" });
    expect(decideFailure(new Error("boom"), { ...finalizer, name: "deliver-webhook" })).toEqual({ action: "retry" });
    expect(isPermanentFailure(new NotFoundError("rebalance", "x"))).toBe(true);
    expect(isPermanentFailure(new DependencyUnavailableError("redis", "down"))).toBe(false);
  });
});

describe(failureMessage.name, () => {
  it("renders a plain error's message", () => {
    expect(failureMessage(new Error("x"))).toBe("x");
  });
});
