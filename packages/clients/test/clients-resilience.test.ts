// The GlobeCo clients' resilience (SPEC §5.3): retries with exponential backoff, no retry on 4xx, timeouts,
// and the circuit breaker — against the simulators with injected faults, delays scaled down.
import { BadUpstreamDataError, DependencyUnavailableError, NotFoundError } from "@ogs/domain";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulators, type RunningSimulators } from "@ogs/test-support";
import { dataset, ids, makeClients, metricValue, timed, type TestClients } from "./support/client-fixture.js";

let sim: RunningSimulators;
let current: TestClients | undefined;
const summaryPath = `/api/v1/portfolios/${ids.rich}/summary`;

beforeAll(async () => {
  sim = await startSimulators({ dataset });
});
afterAll(async () => {
  await sim?.stop();
});
beforeEach(async () => {
  await sim.clearFaults();
  await sim.resetRequestCounts();
});
afterEach(async () => {
  await current?.clients.close();
  current = undefined;
});

const use = (overrides: Parameters<typeof makeClients>[1] = {}) => (current = makeClients(sim.urls, overrides));

describe("retries", () => {
  it("retries a 5xx three times with exponential backoff, then reports the service unavailable", async () => {
    const { clients, logs, metrics } = use({ retries: 3, retryBaseMs: 100 });
    await sim.setFaults("accounting", { error_rate: 1, status: 503 });
    const { ms, error } = await timed(() => clients.accounting.getPortfolioSummary(ids.rich));
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect(error).toMatchObject({ service: "accounting", path: summaryPath });
    expect(await sim.requestCount("accounting", summaryPath)).toBe(4);
    // Backoff 100 + 200 + 400 ms between the four attempts.
    expect(ms).toBeGreaterThanOrEqual(700);
    expect(ms).toBeLessThan(5_000);
    const retries = logs.filter((line) => line.msg === "GlobeCo call failed; retrying");
    expect(retries.map((line) => [line.attempt, line.delay_ms])).toEqual([
      [1, 100],
      [2, 200],
      [3, 400],
    ]);
    expect(retries[0]).toMatchObject({ service: "accounting", path: summaryPath });
    expect(
      await metricValue(metrics, "ogs_external_request_failures_total", { service: "accounting", reason: "http_5xx" }),
    ).toBe(4);
  });

  it("takes as many retries as configured", async () => {
    const { clients } = use({ retries: 1, retryBaseMs: 10 });
    await sim.setFaults("security", { error_rate: 1, status: 500 });
    await expect(clients.security.getTicker(ids.apple)).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(await sim.requestCount("security")).toBe(2);
  });

  it("recovers when a retry succeeds", async () => {
    const { clients } = use({ retries: 3, retryBaseMs: 300 });
    await sim.setFaults("pricing", { error_rate: 1, status: 502 });
    const price = clients.pricing.getPrice("AAPL", ids.apple);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await sim.clearFaults();
    expect((await price).toFixed()).toBe("189.95");
    expect(await sim.requestCount("pricing")).toBe(2);
  });

  it("retries connection errors while a service is down", async () => {
    const { clients } = use({ retries: 2, retryBaseMs: 10 });
    await sim.setFaults("accounting", { down: true });
    const { error } = await timed(() => clients.accounting.getPortfolioSummary(ids.rich));
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect((error as Error).message).toMatch(/connection failed/);
    expect(await sim.requestCount("accounting")).toBe(3);
  });

  it("never retries a 4xx", async () => {
    const { clients } = use({ retries: 3, retryBaseMs: 10 });
    await sim.setFaults("accounting", { error_rate: 1, status: 400 });
    await expect(clients.accounting.getPortfolioSummary(ids.rich)).rejects.toMatchObject({
      name: "BadUpstreamDataError",
      service: "accounting",
      path: summaryPath,
    });
    expect(await sim.requestCount("accounting")).toBe(1);
  });

  it("reports an unknown security as not found, naming the service and path, without retrying", async () => {
    const { clients } = use();
    const error = await clients.security.getTicker(ids.unknown).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({
      service: "security",
      path: `/api/v1/security/${ids.unknown}`,
      securityId: ids.unknown,
    });
    expect(await sim.requestCount("security")).toBe(1);
  });
});

describe("timeouts", () => {
  it("gives up on a hung service after the timeout of each attempt", async () => {
    const { clients } = use({ timeoutMs: 200, retries: 1, retryBaseMs: 10 });
    await sim.setFaults("security", { hang: true });
    const { ms, error } = await timed(() => clients.security.getTicker(ids.apple));
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect((error as Error).message).toMatch(/timed out after 200 ms/);
    expect(ms).toBeGreaterThanOrEqual(400);
    expect(await sim.requestCount("security")).toBe(2);
  });

  it("waits for a slow answer within the timeout", async () => {
    const { clients } = use({ timeoutMs: 1_000, retries: 0 });
    await sim.setFaults("security", { latency_ms: 150 });
    expect(await clients.security.getTicker(ids.apple)).toBe("AAPL");
  });
});

describe("circuit breaker", () => {
  it("opens after consecutive failures, fails at once, then a half-open probe closes it", async () => {
    const { clients, metrics } = use({ retries: 0, breakerThreshold: 3, breakerOpenMs: 400 });
    const state = () => metricValue(metrics, "ogs_circuit_breaker_state", { service: "accounting" });
    await sim.setFaults("accounting", { error_rate: 1, status: 503 });
    for (let i = 0; i < 3; i++)
      await expect(clients.accounting.getPortfolioSummary(ids.rich)).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(await state()).toBe(2);

    await sim.clearFaults();
    const fast = await timed(() => clients.accounting.getPortfolioSummary(ids.rich));
    expect(fast.error).toBeInstanceOf(DependencyUnavailableError);
    expect((fast.error as Error).message).toMatch(/circuit breaker is open/);
    expect(fast.ms).toBeLessThan(100);
    expect(await sim.requestCount("accounting")).toBe(3);

    await new Promise((resolve) => setTimeout(resolve, 500));
    const summary = await clients.accounting.getPortfolioSummary(ids.rich);
    expect(summary?.cash.toFixed()).toBe("-1234.567");
    expect(await state()).toBe(0);
    await clients.accounting.getPortfolioSummary(ids.rich);
    expect(await sim.requestCount("accounting")).toBe(5);
  });

  it("rides out a short outage with retries: concurrent calls that succeed on a retry never open it", async () => {
    const { clients, metrics } = use({ retries: 3, retryBaseMs: 100, breakerThreshold: 2 });
    await sim.setFaults("accounting", { error_rate: 1, status: 503 });
    const calls = Promise.allSettled(
      [ids.rich, ids.empty, ids.cashOnly].map((id) => clients.accounting.getPortfolioSummary(id)),
    );
    await new Promise((resolve) => setTimeout(resolve, 150));
    await sim.clearFaults();
    expect((await calls).map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled"]);
    expect(await metricValue(metrics, "ogs_circuit_breaker_state", { service: "accounting" })).toBe(0);
  });

  it("says what the last failed call met when it fails a call at once", async () => {
    const { clients } = use({ retries: 0, breakerThreshold: 1 });
    await sim.setFaults("accounting", { error_rate: 1, status: 503 });
    await expect(clients.accounting.getPortfolioSummary(ids.rich)).rejects.toBeInstanceOf(DependencyUnavailableError);
    const fast = await clients.accounting.getPortfolioSummary(ids.rich).then(
      () => new Error("expected the open breaker to fail the call"),
      (error: unknown) => error as Error,
    );
    expect(fast.message).toMatch(
      /circuit breaker is open \(the last failed call: GET \/api\/v1\/portfolios\/\w+\/summary answered 503\)/,
    );
  });

  it("lets exactly one probe through when half-open, and reopens when it fails", async () => {
    const { clients, metrics } = use({ retries: 0, breakerThreshold: 2, breakerOpenMs: 300 });
    await sim.setFaults("pricing", { error_rate: 1, status: 500 });
    for (let i = 0; i < 2; i++)
      await expect(clients.pricing.getPrice("AAPL", ids.apple)).rejects.toBeInstanceOf(DependencyUnavailableError);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await sim.resetRequestCounts();
    const results = await Promise.allSettled(
      ["AAPL", "BND", "FREE"].map((t) => clients.pricing.getPrice(t, ids.apple)),
    );
    expect(results.every((r) => r.status === "rejected" && r.reason instanceof DependencyUnavailableError)).toBe(true);
    expect(await sim.requestCount("pricing")).toBe(1);
    expect(await metricValue(metrics, "ogs_circuit_breaker_state", { service: "pricing" })).toBe(2);
  });

  it("does not count 4xx answers as failures", async () => {
    const { clients } = use({ retries: 0, breakerThreshold: 2 });
    for (let i = 0; i < 4; i++)
      await expect(clients.security.getTicker(ids.unknown)).rejects.toBeInstanceOf(NotFoundError);
    expect(await clients.security.getTicker(ids.apple)).toBe("AAPL");
  });
});

describe("bad upstream data", () => {
  it("rejects a non-positive price naming the security", async () => {
    const { clients } = use();
    const error = await clients.priceOf(ids.free).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadUpstreamDataError);
    expect(error).toMatchObject({ service: "pricing", path: "/api/v1/price/FREE", securityId: ids.free });
    expect((error as Error).message).toContain(ids.free);
  });
});

describe("Portfolio Accounting's API key (contract ApiKeyAuth)", () => {
  it("sends ACCOUNTING_API_KEY as X-API-Key; without it the refusal is the service unavailable, named once, not retried", async () => {
    const guarded = await startSimulators({ dataset, env: { SIMULATOR_ACCOUNTING_API_KEY: "accounting-key-1" } });
    const withKey = makeClients(guarded.urls, { apiKeys: { accounting: "accounting-key-1" } });
    const withoutKey = makeClients(guarded.urls);
    try {
      expect((await withKey.clients.accounting.getPortfolioSummary(ids.rich))?.cash.toFixed()).toBe("-1234.567");
      await guarded.resetRequestCounts();
      const refused = await withoutKey.clients.accounting.getPortfolioSummary(ids.rich).then(
        () => new Error("expected a refusal"),
        (error: unknown) => error as Error,
      );
      expect(refused).toBeInstanceOf(DependencyUnavailableError);
      expect(refused).toMatchObject({ service: "accounting" });
      expect(refused.message).toBe(
        `The Portfolio Accounting service (accounting) is unavailable: it refused GET ${summaryPath} with 401 (not authorised — check ACCOUNTING_API_KEY).`,
      );
      expect(await guarded.requestCount("accounting")).toBe(1);
    } finally {
      await Promise.all([withKey.clients.close(), withoutKey.clients.close()]);
      await guarded.stop();
    }
  });
});
