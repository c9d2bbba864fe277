// A rebalance end to end through real worker processes (SPEC §5.2, §5.4): every stored field equals
// what the optimizer computes from the simulator data; infeasible portfolios do not stop siblings.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ObjectId } from "mongodb";
import { formatDecimal, type Dec } from "@ogs/domain";
import { solveRebalance } from "@ogs/optimizer";
import {
  createTestContext,
  startSimulators,
  type RunningSimulators,
  expectedPosition,
  reportedPosition,
  DATASET,
  inputFor,
  modelSnapshot,
  port,
  openHarness,
  startWorker,
  type Harness,
  type WorkerProcess,
} from "@ogs/test-support";

const ctx = createTestContext("worker_flow");
let simulators: RunningSimulators;
let harness: Harness;
const workers: WorkerProcess[] = [];
const text = (value: Dec | null) => (value === null ? null : formatDecimal(value));

beforeAll(async () => {
  simulators = await startSimulators({ dataset: DATASET });
  harness = openHarness(ctx);
  await harness.store.ensureIndexes();
  const target = { ...ctx, simulators: simulators.urls };
  workers.push(...(await Promise.all([startWorker(target), startWorker(target)])));
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.child.stop(10_000)));
  await harness?.close();
  await simulators?.stop();
});

describe("a rebalance processed by two worker processes", () => {
  it("stores for every portfolio exactly what the optimizer computes from the simulator data", async () => {
    const model = await harness.store.models.create({
      name: `flow ${new ObjectId().toHexString()}`,
      positions: [],
      portfolios: [],
    });
    const portfolios = [port(1), port(2), port(3), port(4), port(6)];
    const submitted = await harness.submit(modelSnapshot(model.id), portfolios, "req-flow-1");
    const finished = await harness.waitUntilFinished(submitted.id);
    expect(finished.status).toBe("completed");
    expect(finished.progress).toMatchObject({ completed: 5, queued: 0, running: 0, failed: 0 });

    const today = new Date().toISOString().slice(0, 10);
    const reports = await harness.reports(submitted.id);
    expect(reports.map((r) => r.portfolioId)).toEqual(portfolios);
    for (const stored of reports) {
      const expected = solveRebalance(inputFor(stored.portfolioId, model.id));
      const name = DATASET.portfolios.find((p) => p.portfolio_id === stored.portfolioId)!.name;
      expect(stored).toMatchObject({ status: "completed", error: null, portfolioName: name });
      expect(text(stored.marketValue)).toBe(formatDecimal(expected.marketValue));
      expect(text(stored.cashBefore)).toBe(formatDecimal(expected.cashBefore));
      expect(text(stored.cashAfter)).toBe(formatDecimal(expected.cashAfter));
      expect(stored.positions.map(reportedPosition)).toEqual(expected.positions.map((p) => expectedPosition(p, today)));
      // One transaction per non-zero quantity delta (SPEC §5.2 step 6).
      const deltas = stored.positions
        .map((p) => ({ id: p.securityId, delta: p.adjustedQuantity.minus(p.originalQuantity) }))
        .filter((d) => !d.delta.isZero())
        .map((d) => ({
          transactionType: d.delta.gt(0) ? "BUY" : "SELL",
          securityId: d.id,
          quantity: formatDecimal(d.delta.abs()),
          tradeDate: today,
        }));
      expect(stored.transactions.map((t) => ({ ...t, quantity: formatDecimal(t.quantity) }))).toEqual(deltas);
    }
    // Portfolio 1 really trades; portfolio 4 has no balances and trades nothing.
    expect(reports.find((r) => r.portfolioId === port(1))!.transactions.length).toBeGreaterThan(0);
    expect(reports.find((r) => r.portfolioId === port(4))!.transactions).toEqual([]);

    const updatedModel = await harness.store.models.get(model.id);
    expect(updatedModel.lastRebalanceDate?.getTime()).toBe(finished.completedAt?.getTime());
    // The portfolios are free again.
    await expect(
      harness.store.rebalances.create({
        snapshot: modelSnapshot(model.id),
        portfolioIds: [port(1)],
        requestId: "again",
      }),
    ).resolves.toMatchObject({ replayed: false });
  });

  it("stores an infeasible portfolio as 'no feasible solution exists' with its holdings untraded, solves its siblings, and ends completed_with_errors", async () => {
    const modelId = new ObjectId().toHexString();
    const submitted = await harness.submit(modelSnapshot(modelId), [port(5), port(3)], "req-flow-2");
    const finished = await harness.waitUntilFinished(submitted.id);
    expect(finished.status).toBe("completed_with_errors");
    const [small, solved] = await harness.reports(submitted.id);
    expect(small).toMatchObject({
      status: "infeasible",
      error: "no feasible solution exists",
      portfolioName: "Epsilon (too small)",
      transactions: [],
    });
    expect(text(small!.marketValue)).toBe("20000");
    expect(text(small!.cashAfter)).toBe(text(small!.cashBefore));
    expect(small!.positions.every((p) => p.adjustedQuantity.eq(p.originalQuantity))).toBe(true);
    expect(solved?.status).toBe("completed");
  });

  it("logs the request id with the rebalance and portfolio ids on the job's lines", () => {
    const lines = workers
      .flatMap((w) => w.output().split("\n"))
      .filter((line) => line.includes("portfolio job finished") && line.includes("req-flow-2"));
    expect(lines.length).toBe(2);
    for (const line of lines)
      expect(JSON.parse(line)).toMatchObject({
        request_id: "req-flow-2",
        rebalance_id: expect.any(String),
        portfolio_id: expect.any(String),
      });
  });

  it("serves health and job metrics on each worker's ops port", async () => {
    const [first] = workers;
    expect((await fetch(`${first!.url}/health/live`)).status).toBe(200);
    expect((await fetch(`${first!.url}/health/ready`)).status).toBe(200);
    const scrape = async () =>
      (await Promise.all(workers.map(async (w) => (await fetch(`${w.url}/metrics`)).text()))).join("\n");
    let metrics = await scrape();
    // Queue depth is sampled on an interval (500 ms here).
    for (let i = 0; i < 50 && !metrics.includes("ogs_queue_jobs{"); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      metrics = await scrape();
    }
    expect(metrics).toMatch(/ogs_jobs_processed_total\{[^}]*outcome="completed"[^}]*\} \d+/);
    expect(metrics).toMatch(/ogs_solver_duration_seconds_count\{[^}]*status="optimal"/);
    expect(metrics).toMatch(/ogs_queue_jobs\{[^}]*queue="rebalance-portfolios"[^}]*state="waiting"/);
    expect(metrics).toMatch(/ogs_external_request_duration_seconds_count\{[^}]*service="accounting"/);
  });
});
