import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createMetrics } from "@ogs/observability";
import { createBreaker } from "./breaker.js";
import { TransientHttpError } from "./transient-error.js";

const OPEN_MS = 60_000;

/** ogs_circuit_breaker_state{service} as a scrape reads it. */
async function scraped(metrics: ReturnType<typeof createMetrics>, service: string): Promise<number | undefined> {
  const gauge = await metrics.circuitBreakerState.get();
  return gauge.values.find((sample) => sample.labels.service === service)?.value;
}

const failing = () => Promise.reject(new TransientHttpError("refused", "connection refused"));
const answering = () => Promise.resolve("ok");

describe(createBreaker.name, () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("reads closed before any call", async () => {
    const metrics = createMetrics("test");
    createBreaker("pricing", { threshold: 2, openMs: OPEN_MS }, metrics);
    expect(await scraped(metrics, "pricing")).toBe(0);
  });

  it("reads open while calls fail at once, then half-open once the next call would be the probe, with no call made", async () => {
    const metrics = createMetrics("test");
    const breaker = createBreaker("pricing", { threshold: 2, openMs: OPEN_MS }, metrics);
    for (let call = 0; call < 2; call++) await expect(breaker.execute(failing)).rejects.toThrow(TransientHttpError);
    expect(await scraped(metrics, "pricing")).toBe(2);
    vi.advanceTimersByTime(OPEN_MS - 1);
    expect(await scraped(metrics, "pricing")).toBe(2);
    // An idle worker (a fail-fast rebalance, then nothing): cockatiel changes state only on the next call, but
    // that call would be let through as the probe, so the breaker is reported half-open, not open for ever.
    vi.advanceTimersByTime(1);
    expect(await scraped(metrics, "pricing")).toBe(1);
    vi.advanceTimersByTime(10 * OPEN_MS);
    expect(await scraped(metrics, "pricing")).toBe(1);
  });

  it("reads closed after a probe that succeeds, and open again for a full period after one that fails", async () => {
    const metrics = createMetrics("test");
    const breaker = createBreaker("pricing", { threshold: 1, openMs: OPEN_MS }, metrics);
    await expect(breaker.execute(failing)).rejects.toThrow(TransientHttpError);
    vi.advanceTimersByTime(OPEN_MS);
    await expect(breaker.execute(failing)).rejects.toThrow(TransientHttpError);
    expect(await scraped(metrics, "pricing")).toBe(2);
    vi.advanceTimersByTime(OPEN_MS - 1);
    expect(await scraped(metrics, "pricing")).toBe(2);
    vi.advanceTimersByTime(1);
    expect(await scraped(metrics, "pricing")).toBe(1);
    await expect(breaker.execute(answering)).resolves.toBe("ok");
    expect(await scraped(metrics, "pricing")).toBe(0);
  });

  it("reports each service's breaker on its own series", async () => {
    const metrics = createMetrics("test");
    const pricing = createBreaker("pricing", { threshold: 1, openMs: OPEN_MS }, metrics);
    createBreaker("security", { threshold: 1, openMs: OPEN_MS }, metrics);
    await expect(pricing.execute(failing)).rejects.toThrow(TransientHttpError);
    expect(await scraped(metrics, "pricing")).toBe(2);
    expect(await scraped(metrics, "security")).toBe(0);
  });
});
