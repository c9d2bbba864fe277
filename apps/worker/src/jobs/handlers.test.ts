import { describe, expect, it } from "vitest";
import { emptyProgress, type Rebalance, type RebalanceStatus } from "@ogs/domain";
import { createLogger, createMetrics, initialiseWorkerSeries, type Metrics } from "@ogs/observability";
import { JobFailedError, QUEUE_NAMES, type JobDelivery } from "@ogs/queue";
import { FINAL_REBALANCE_STATUSES, WORKER_SERIES } from "../ops/known-series.js";
import type { Finalizer, FinishedRebalance } from "../processing/finalizer.js";
import type { PortfolioJobOutcome, PortfolioProcessor } from "../processing/portfolio-processor.js";
import { createHandlers } from "./handlers.js";

const REBALANCE_ID = "65f0c0ffee0000000000abcd";
const PORTFOLIO_ID = "65f0c0ffee0000000000beef";
const logger = createLogger({ service: "test", level: "silent" });

function delivery(attempt: number, maxAttempts = 8): JobDelivery {
  return { jobId: "job-1", attempt, deliveries: attempt, maxAttempts };
}

function settled(status: RebalanceStatus): FinishedRebalance {
  return { rebalance: { id: REBALANCE_ID } as Rebalance, status, progress: emptyProgress() };
}

/** The handlers over a fresh catalogue with the worker's series from the start, as worker-app.ts wires them. */
const unused = () => Promise.reject(new Error("not called in this test"));

function wire(finalize: Finalizer["finalize"], process: PortfolioProcessor["process"] = unused) {
  const metrics = createMetrics("test");
  initialiseWorkerSeries(metrics, WORKER_SERIES);
  const sut = createHandlers({ processor: { process }, finalizer: { finalize }, logger, metrics });
  return { sut, metrics };
}

async function value(counter: Metrics["jobsProcessed" | "rebalancesFinished" | "jobFailures"], labels: object) {
  const samples = (await counter.get()).values.filter((sample) =>
    Object.entries(labels).every(([name, wanted]) => (sample.labels as Record<string, unknown>)[name] === wanted),
  );
  return samples.reduce((sum, sample) => sum + sample.value, 0);
}

/** Series of the job metrics, to check that a handler records only series that exist from the start. */
async function seriesCount(metrics: Metrics): Promise<number> {
  const counts = await Promise.all(
    [metrics.jobsProcessed, metrics.rebalancesFinished, metrics.jobFailures].map(async (m) => (await m.get()).values),
  );
  return counts.flat().length + (await metrics.jobDuration.get()).values.length;
}

const finaliserJob = { rebalance_id: REBALANCE_ID, request_id: "req-1" };
const finalizer = { queue: QUEUE_NAMES.finalizer };

describe(createHandlers.name, () => {
  it.each(FINAL_REBALANCE_STATUSES)(
    "counts a finaliser that settles a %s rebalance as a completed job, and the rebalance under its status",
    async (status) => {
      const { sut, metrics } = wire(() => Promise.resolve(settled(status)));
      const before = await seriesCount(metrics);
      await sut["finalize-rebalance"](finaliserJob, delivery(1));
      expect(await value(metrics.jobsProcessed, { ...finalizer, outcome: "completed" })).toBe(1);
      expect(await value(metrics.jobsProcessed, { ...finalizer, outcome: "failed" })).toBe(0);
      expect(await value(metrics.jobFailures, finalizer)).toBe(0);
      expect(await value(metrics.rebalancesFinished, { status })).toBe(1);
      expect(await value(metrics.rebalancesFinished, {})).toBe(1);
      expect(await seriesCount(metrics)).toBe(before);
    },
  );

  it("counts a finaliser whose rebalance was deleted as skipped, with no rebalance finished", async () => {
    const { sut, metrics } = wire(() => Promise.resolve(null));
    const before = await seriesCount(metrics);
    await sut["finalize-rebalance"](finaliserJob, delivery(1));
    expect(await value(metrics.jobsProcessed, { ...finalizer, outcome: "skipped" })).toBe(1);
    expect(await value(metrics.rebalancesFinished, {})).toBe(0);
    expect(await seriesCount(metrics)).toBe(before);
  });

  it("counts a finaliser that throws as retried while attempts remain, and as failed on its last attempt", async () => {
    const outage = Object.assign(new Error("MongoDB did not answer"), { name: "DependencyUnavailableError" });
    const { sut, metrics } = wire(() => Promise.reject(outage));
    const before = await seriesCount(metrics);
    await expect(sut["finalize-rebalance"](finaliserJob, delivery(7))).rejects.toBe(outage);
    expect(await value(metrics.jobsProcessed, { ...finalizer, outcome: "retried" })).toBe(1);
    expect(await value(metrics.jobsProcessed, { ...finalizer, outcome: "failed" })).toBe(0);
    await expect(sut["finalize-rebalance"](finaliserJob, delivery(8))).rejects.toBe(outage);
    expect(await value(metrics.jobsProcessed, { ...finalizer, outcome: "failed" })).toBe(1);
    expect(await value(metrics.jobFailures, { ...finalizer, reason: "DependencyUnavailableError" })).toBe(2);
    expect(await value(metrics.rebalancesFinished, {})).toBe(0);
    expect(await seriesCount(metrics)).toBe(before);
  });

  it.each<[PortfolioJobOutcome["status"], string]>([
    ["completed", "completed"],
    ["infeasible", "infeasible"],
    ["cancelled", "cancelled"],
    ["skipped", "skipped"],
  ])("counts a portfolio job whose portfolio is %s as a job completed (%s)", async (status, outcome) => {
    const { sut, metrics } = wire(unused, () => Promise.resolve({ status }));
    const before = await seriesCount(metrics);
    const job = { rebalance_id: REBALANCE_ID, portfolio_id: PORTFOLIO_ID, index: 0, request_id: "req-1" };
    await sut["rebalance-portfolio"](job, delivery(1, 3));
    expect(await value(metrics.jobsProcessed, { queue: QUEUE_NAMES.portfolios, outcome })).toBe(1);
    expect(await value(metrics.jobsProcessed, { queue: QUEUE_NAMES.portfolios, outcome: "failed" })).toBe(0);
    expect(await seriesCount(metrics)).toBe(before);
  });

  it("fails a portfolio job whose portfolio is stored failed, counted failed by its reason", async () => {
    const { sut, metrics } = wire(unused, () =>
      Promise.resolve({ status: "failed", error: "Pricing is down", reason: "DependencyUnavailableError" }),
    );
    const before = await seriesCount(metrics);
    const job = { rebalance_id: REBALANCE_ID, portfolio_id: PORTFOLIO_ID, index: 0, request_id: "req-1" };
    await expect(sut["rebalance-portfolio"](job, delivery(1, 3))).rejects.toBeInstanceOf(JobFailedError);
    const portfolios = { queue: QUEUE_NAMES.portfolios };
    expect(await value(metrics.jobsProcessed, { ...portfolios, outcome: "failed" })).toBe(1);
    expect(await value(metrics.jobFailures, { ...portfolios, reason: "DependencyUnavailableError" })).toBe(1);
    expect(await seriesCount(metrics)).toBe(before);
  });
});
