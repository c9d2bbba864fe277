// Fail-fast (SPEC §5.3): a required service down — its circuit breaker open — stops the whole rebalance;
// portfolios not yet started are cancelled without being executed, and the error names the service. A
// degraded service (calls failing now and then after their retries) only retries the portfolios it failed.
// The optional Portfolio service only costs the names.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ObjectId } from "mongodb";
import {
  createTestContext,
  startSimulators,
  type RunningSimulators,
  type SimulatedServiceName,
  DATASET,
  modelSnapshot,
  port,
  openHarness,
  startWorker,
  type Harness,
  type WorkerProcess,
} from "@ogs/test-support";

const ctx = createTestContext("worker_failfast");
const PORTFOLIOS = [port(1), port(2), port(3), port(6)];
/** Pricing's breaker open period in the Pricing test: long enough to scrape it open, short enough to wait out. */
const OPEN_MS = 4_000;
let simulators: RunningSimulators;
let harness: Harness;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  simulators = await startSimulators({ dataset: DATASET });
  harness = openHarness(ctx);
  await harness.store.ensureIndexes();
});
afterEach(async () => {
  await worker?.child.stop(10_000);
  worker = undefined;
  await simulators.clearFaults();
  await simulators.resetRequestCounts();
});
afterAll(async () => {
  await harness?.close();
  await simulators?.stop();
});

/** One scrape of the worker's /metrics: the value of the series `name` with `labels` (NaN when there is none). */
async function scrape(url: string): Promise<(name: string, labels: Record<string, string>) => number> {
  const lines = (await (await fetch(`${url}/metrics`)).text()).split("\n");
  return (name, labels) => {
    const line = lines.find(
      (candidate) =>
        candidate.startsWith(`${name}{`) &&
        Object.entries(labels).every(([label, wanted]) => candidate.includes(`${label}="${wanted}"`)),
    );
    return Number(line?.split(" ").at(-1) ?? Number.NaN);
  };
}

/**
 * One fresh worker (cold caches, closed breakers) taking one job at a time, so "not yet started" is well defined;
 * its breakers open on the first failed call, so the first failure already proves the service down.
 */
async function runWithServiceDown(service: SimulatedServiceName, env: Record<string, string> = {}) {
  await simulators.setFaults(service, { down: true });
  worker = await startWorker(
    { ...ctx, simulators: simulators.urls },
    { WORKER_CONCURRENCY: "1", BREAKER_THRESHOLD: "1", ...env },
  );
  const submitted = await harness.submit(
    modelSnapshot(new ObjectId().toHexString()),
    PORTFOLIOS,
    `req-${service}-down`,
  );
  const finished = await harness.waitUntilFinished(submitted.id);
  const items = await harness.reports(submitted.id);
  return { finished, items };
}

describe("fail-fast", () => {
  it("fails the rebalance when Portfolio Accounting is down, names it, and cancels the portfolios not yet started", async () => {
    const { finished, items } = await runWithServiceDown("accounting");
    expect(finished.status).toBe("failed");
    expect(finished.failure).toMatchObject({
      service: "accounting",
      message: expect.stringContaining("Portfolio Accounting"),
    });
    const failed = items.filter((r) => r.status === "failed");
    const cancelled = items.filter((r) => r.status === "cancelled");
    expect(failed).toHaveLength(1);
    expect(failed[0]!.error).toContain("Portfolio Accounting");
    expect(cancelled).toHaveLength(PORTFOLIOS.length - 1);
    // Cancelled means never executed: accounting never saw a request for those portfolios.
    for (const result of cancelled) {
      expect(result.error).toContain("accounting");
      expect(await simulators.requestCount("accounting", `/api/v1/portfolios/${result.portfolioId}/summary`)).toBe(0);
    }
    expect(finished.progress).toMatchObject({ failed: 1, cancelled: PORTFOLIOS.length - 1, completed: 0 });
    // The failure is counted by its error class, as the OgsJobFailureRatioHigh runbook reads it.
    const metrics = await (await fetch(`${worker!.url}/metrics`)).text();
    expect(metrics).toMatch(
      /ogs_job_failures_total\{[^}]*queue="rebalance-portfolios"[^}]*reason="DependencyUnavailableError"[^}]*\} 1\n/,
    );
  });

  it("fails the rebalance when Pricing is down and the caches are cold, naming Pricing", async () => {
    const { finished, items } = await runWithServiceDown("pricing", { BREAKER_OPEN_MS: String(OPEN_MS) });
    const failedAt = Date.now();
    expect(finished.status).toBe("failed");
    expect(finished.failure).toMatchObject({ service: "pricing", message: expect.stringContaining("Pricing") });
    expect(items.filter((r) => r.status === "failed")).toHaveLength(1);
    const cancelled = items.filter((r) => r.status === "cancelled");
    expect(cancelled).toHaveLength(PORTFOLIOS.length - 1);
    for (const result of cancelled)
      expect(await simulators.requestCount("accounting", `/api/v1/portfolios/${result.portfolioId}/summary`)).toBe(0);

    // As the alerts read it (SPEC §7): one failed portfolio job, a finaliser job that completed — a failed
    // rebalance is counted on its own series, never as a failed job — and Pricing's breaker open.
    const finaliser = { queue: "rebalance-finalizer" };
    const now = await scrape(worker!.url);
    expect(now("ogs_jobs_processed_total", { ...finaliser, outcome: "completed" })).toBe(1);
    expect(now("ogs_jobs_processed_total", { ...finaliser, outcome: "failed" })).toBe(0);
    expect(now("ogs_jobs_processed_total", { queue: "rebalance-portfolios", outcome: "failed" })).toBe(1);
    expect(now("ogs_rebalances_finished_total", { status: "failed" })).toBe(1);
    expect(now("ogs_circuit_breaker_state", { service: "pricing" })).toBe(2);
    // No call comes after the fail-fast: once the open period has passed the next call would be the probe, so the
    // breaker reads half-open rather than open for ever.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, failedAt + OPEN_MS + 200 - Date.now())));
    expect((await scrape(worker!.url))("ogs_circuit_breaker_state", { service: "pricing" })).toBe(1);
  });

  it("still solves every portfolio when only the optional Portfolio service is down, naming each by its id", async () => {
    const { finished, items } = await runWithServiceDown("portfolio");
    expect(finished.status).toBe("completed");
    for (const result of items)
      expect(result).toMatchObject({ status: "completed", portfolioName: result.portfolioId });
    expect(worker!.output()).toMatch(/portfolio name unavailable; the portfolio id stands in for it/);
  });
});

describe("a degraded service is not a dead one", () => {
  it("completes with every portfolio solved while Pricing answers 30 % of its requests with 503", async () => {
    await simulators.setFaults("pricing", { error_rate: 0.3 });
    worker = await startWorker(
      { ...ctx, simulators: simulators.urls },
      { HTTP_RETRIES: "3", HTTP_RETRY_BASE_MS: "20" },
    );
    const submitted = await harness.submit(modelSnapshot(new ObjectId().toHexString()), PORTFOLIOS, "req-degraded");
    const finished = await harness.waitUntilFinished(submitted.id, 60_000);
    expect(finished).toMatchObject({ status: "completed", failure: null });
    expect((await harness.reports(submitted.id)).map((r) => r.status)).toEqual(PORTFOLIOS.map(() => "completed"));
    expect(await simulators.requestCount("pricing")).toBeGreaterThan(0);
  });

  it("fails fast, naming Pricing, once every Pricing request fails and its breaker opens (default threshold 5)", async () => {
    await simulators.setFaults("pricing", { error_rate: 1 });
    const started = Date.now();
    worker = await startWorker(
      { ...ctx, simulators: simulators.urls },
      { HTTP_RETRIES: "1", HTTP_RETRY_BASE_MS: "20" },
    );
    const submitted = await harness.submit(modelSnapshot(new ObjectId().toHexString()), PORTFOLIOS, "req-pricing-503");
    const finished = await harness.waitUntilFinished(submitted.id, 60_000);
    expect(finished.status).toBe("failed");
    expect(finished.failure).toMatchObject({ service: "pricing", message: expect.stringContaining("circuit breaker") });
    // Five calls failing after one retry each, plus one job retry backoff (1 s): well within 20 s.
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
