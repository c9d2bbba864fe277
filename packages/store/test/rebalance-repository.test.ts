// The rebalance repository against the MongoDB-compatible server (SPEC §5.4, §5.5): submission with locks
// and Idempotency-Keys, exactly-once outcomes with exact live progress, settlement, streaming in
// submission order across groups, and the repair sweep's listings.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ObjectId } from "mongodb";
import {
  ConflictError,
  Dec,
  RuleViolationError,
  type PortfolioOutcome,
  type PortfolioReport,
  type Rebalance,
} from "@ogs/domain";
import { BUCKET_SIZE, connectStore, type NewRebalance, type Store } from "@ogs/store";
import { createTestContext } from "@ogs/test-support";

const ctx = createTestContext("rebalance_repository");
let store: Store;

const pid = () => new ObjectId().toHexString();
const SECURITY = "SEC000000000000000000001";
const run = { attempts: 1, startedAt: null, finishedAt: null };

function submission(portfolioIds: string[], extra: Partial<NewRebalance> = {}): NewRebalance {
  return {
    snapshot: {
      modelId: pid(),
      modelName: "Growth",
      modelVersion: 3,
      options: {},
      positions: [
        { securityId: SECURITY, target: new Dec("0.5"), highDrift: new Dec("0.02"), lowDrift: new Dec("0.01") },
      ],
    },
    portfolioIds,
    requestId: "req-1",
    ...extra,
  };
}

/** A solved portfolio: 1,000 cash, 10 → 50 shares at 10 (target 0.5 of MV 1,100 = 550). */
const solved = (name = "Fund"): PortfolioOutcome => ({
  status: "completed",
  portfolioName: name,
  cash: new Dec("1000"),
  positions: [{ securityId: SECURITY, price: new Dec("10"), quantity: new Dec("10"), adjustedQuantity: new Dec("55") }],
  tradeDate: "2026-12-04",
});

async function all(rebalance: Rebalance): Promise<PortfolioReport[]> {
  const doc = await store.rebalances.document(rebalance.id);
  const reports: PortfolioReport[] = [];
  for await (const report of store.rebalances.portfolios(doc!)) reports.push(report);
  return reports;
}

async function begin(rebalance: Rebalance, portfolioIds: string[], index: number) {
  return store.rebalances.begin({ rebalanceId: rebalance.id, portfolioId: portfolioIds[index]!, index });
}

async function save(rebalance: Rebalance, portfolioIds: string[], index: number, outcome: PortfolioOutcome) {
  const ref = { rebalanceId: rebalance.id, portfolioId: portfolioIds[index]!, index };
  return store.rebalances.saveOutcome({ ...ref, bucketSize: BUCKET_SIZE, prior: "running" }, outcome, run);
}

beforeAll(async () => {
  store = connectStore({ url: ctx.mongoUrl, database: ctx.database });
  await store.ensureIndexes();
});
afterAll(async () => {
  // The MongoDB-compatible test server has no dropDatabase; empty the collections.
  for (const name of [
    "rebalances",
    "rebalance_portfolios",
    "rebalance_results",
    "active_portfolios",
    "idempotency_keys",
  ])
    await store.db.collection(name).deleteMany({});
  await store.close();
});

describe("rebalances.create", () => {
  it("stores the model snapshot and lists every portfolio as queued, in submission order", async () => {
    const portfolios = [pid(), pid(), pid()];
    const { rebalance, replayed } = await store.rebalances.create(submission(portfolios));
    expect(replayed).toBe(false);
    expect(rebalance).toMatchObject({ status: "queued", numberOfPortfolios: 3, origin: "service" });
    const again = await store.rebalances.get(rebalance.id);
    expect(again?.snapshot?.positions[0]?.highDrift.toString()).toBe("0.02");
    expect(again?.progress).toEqual({ queued: 3, running: 0, completed: 0, infeasible: 0, failed: 0, cancelled: 0 });
    expect((await all(rebalance)).map((p) => [p.portfolioId, p.status])).toEqual(portfolios.map((p) => [p, "queued"]));
  });

  it("refuses a portfolio already in an active rebalance with 409 naming it, and locks nothing", async () => {
    const shared = pid();
    const free = pid();
    const { rebalance: first } = await store.rebalances.create(submission([shared]));
    const attempt = store.rebalances.create(submission([free, shared]));
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toThrow(first.id);
    await expect(store.rebalances.create(submission([free]))).resolves.toMatchObject({ replayed: false });
  });

  it("lets only one of two concurrent submissions of the same portfolio through", async () => {
    const shared = pid();
    const outcomes = await Promise.allSettled([
      store.rebalances.create(submission([shared])),
      store.rebalances.create(submission([shared])),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === "rejected" && o.reason instanceof ConflictError)).toHaveLength(1);
  });

  it("accepts the portfolio again once the earlier rebalance has settled, and takes over a lock left by a crash", async () => {
    const portfolio = pid();
    const { rebalance } = await store.rebalances.create(submission([portfolio]));
    await store.rebalances.settle(rebalance.id);
    // No release (the finaliser crashed before it): the lock of an ended rebalance is stale and taken over.
    await expect(store.rebalances.create(submission([portfolio]))).resolves.toMatchObject({ replayed: false });
  });

  it("returns the original for the same Idempotency-Key and request; 422 for another request; free after 24 h", async () => {
    const idempotency = { key: `key-${pid()}`, requestHash: "h1" };
    expect(await store.rebalances.findReplay(idempotency)).toBeNull();
    const first = await store.rebalances.create(submission([pid()], { idempotency }));
    const second = await store.rebalances.create(submission([pid()], { idempotency }));
    expect(second).toMatchObject({ replayed: true, rebalance: { id: first.rebalance.id } });
    expect((await store.rebalances.findReplay(idempotency))?.id).toBe(first.rebalance.id);
    await expect(store.rebalances.findReplay({ ...idempotency, requestHash: "h2" })).rejects.toBeInstanceOf(
      RuleViolationError,
    );
    expect(await store.rebalances.findReplay(idempotency, new Date(Date.now() + 25 * 3600_000))).toBeNull();
  });

  it("takes over an Idempotency-Key whose submitter stopped before storing its rebalance, once the claim is a minute old", async () => {
    const orphanOf = async (key: string, at: Date) => {
      const { rebalance } = await store.rebalances.create(
        submission([pid()], { idempotency: { key, requestHash: "h1" } }),
        at,
      );
      await store.db.collection("rebalances").deleteOne({ _id: new ObjectId(rebalance.id) });
      return rebalance.id;
    };
    const fresh = `key-${pid()}`;
    await orphanOf(fresh, new Date());
    await expect(
      store.rebalances.create(submission([pid()], { idempotency: { key: fresh, requestHash: "h1" } })),
    ).rejects.toThrow(/still being processed/);
    const stale = `key-${pid()}`;
    const orphan = await orphanOf(stale, new Date(Date.now() - 61_000));
    const retried = await store.rebalances.create(
      submission([pid()], { idempotency: { key: stale, requestHash: "h1" } }),
    );
    expect(retried.replayed).toBe(false);
    expect(retried.rebalance.id).not.toBe(orphan);
  });

  it("abandons a submission whose flow could not be enqueued: failed, cancelled, portfolios and key released", async () => {
    const portfolio = pid();
    const idempotency = { key: `key-${pid()}`, requestHash: "h1" };
    const first = await store.rebalances.create(submission([portfolio], { idempotency }));
    await store.rebalances.abandon(first.rebalance.id, { service: "redis", message: "Redis is down.", at: new Date() });
    expect(await store.rebalances.get(first.rebalance.id)).toMatchObject({
      status: "failed",
      failure: { service: "redis" },
      progress: { cancelled: 1, queued: 0 },
    });
    const retried = await store.rebalances.create(submission([portfolio], { idempotency }));
    expect(retried.replayed).toBe(false);
  });
});

describe("portfolio outcomes", () => {
  it("stores exactly one outcome when a job is delivered many times at once, and counts it once", async () => {
    const portfolios = [pid()];
    const { rebalance } = await store.rebalances.create(submission(portfolios));
    expect(await begin(rebalance, portfolios, 0)).toMatchObject({ kind: "run" });
    // A recovered delivery of the same job sees it running and may run it too.
    expect(await begin(rebalance, portfolios, 0)).toMatchObject({ kind: "run" });
    const saved = await Promise.all(
      Array.from({ length: 8 }, (_, i) => save(rebalance, portfolios, 0, solved(`attempt ${i}`))),
    );
    expect(saved.filter(Boolean)).toHaveLength(1);
    const winner = saved.indexOf(true);
    const [report] = await all(rebalance);
    expect(report).toMatchObject({ status: "completed", portfolioName: `attempt ${winner}` });
    expect((await store.rebalances.get(rebalance.id))?.progress).toMatchObject({ completed: 1, running: 0, queued: 0 });
    expect(await begin(rebalance, portfolios, 0)).toEqual({ kind: "done" });
  });

  it("derives every reported figure from the stored facts (SPEC §5.2 steps 6–9), drift sign as the original", async () => {
    const portfolios = [pid()];
    const { rebalance } = await store.rebalances.create(submission(portfolios));
    await begin(rebalance, portfolios, 0);
    await save(rebalance, portfolios, 0, solved());
    const [report] = await all(rebalance);
    expect(report?.marketValue?.toString()).toBe("1100");
    expect(report?.cashAfter?.toString()).toBe("550");
    expect(report?.transactions).toEqual([
      { transactionType: "BUY", securityId: SECURITY, quantity: new Dec(45), tradeDate: "2026-12-04" },
    ]);
    expect(report?.positions[0]).toMatchObject({
      originalPositionMarketValue: new Dec(100),
      adjustedPositionMarketValue: new Dec(550),
      actual: new Dec("0.5"),
      actualDrift: new Dec(0),
      tradeDate: "2026-12-04",
    });
  });

  it("keeps live progress equal to what is stored while jobs run, across groups", async () => {
    const portfolios = Array.from({ length: BUCKET_SIZE + 5 }, () => pid());
    const { rebalance } = await store.rebalances.create(submission(portfolios));
    const started = [0, 1, BUCKET_SIZE, BUCKET_SIZE + 4];
    await Promise.all(started.map((index) => begin(rebalance, portfolios, index)));
    expect((await store.rebalances.get(rebalance.id))?.progress).toMatchObject({ running: 4, queued: BUCKET_SIZE + 1 });
    await Promise.all([
      save(rebalance, portfolios, 0, solved()),
      save(rebalance, portfolios, BUCKET_SIZE, { status: "failed", error: "Security X is unknown." }),
    ]);
    const progress = (await store.rebalances.get(rebalance.id))?.progress;
    expect(progress).toMatchObject({ running: 2, completed: 1, failed: 1, queued: BUCKET_SIZE + 1 });
    const reports = await all(rebalance);
    expect(reports.map((r) => r.portfolioId)).toEqual(portfolios);
    const counted = reports.reduce<Record<string, number>>(
      (c, r) => ({ ...c, [r.status]: (c[r.status] ?? 0) + 1 }),
      {},
    );
    expect(counted).toEqual({ completed: 1, failed: 1, running: 2, queued: BUCKET_SIZE + 1 });
  });

  it("cancels the portfolios of a stopped rebalance that have not started (fail-fast, SPEC §5.3)", async () => {
    const portfolios = [pid(), pid()];
    const { rebalance } = await store.rebalances.create(submission(portfolios));
    await store.rebalances.requestStop(rebalance.id, {
      service: "pricing",
      message: "Pricing is down.",
      at: new Date(),
    });
    expect(await begin(rebalance, portfolios, 1)).toMatchObject({ kind: "stopped", prior: "queued" });
  });

  it("refuses a job whose portfolio is not the one at its place", async () => {
    const portfolios = [pid(), pid()];
    const { rebalance } = await store.rebalances.create(submission(portfolios));
    await expect(
      store.rebalances.begin({ rebalanceId: rebalance.id, portfolioId: portfolios[0]!, index: 1 }),
    ).rejects.toBeInstanceOf(ConflictError);
  });
});

describe("rebalances.settle", () => {
  it("closes what never ended as failed, counts what is stored, and sets the final status once", async () => {
    const portfolios = [pid(), pid(), pid()];
    const { rebalance } = await store.rebalances.create(submission(portfolios));
    await begin(rebalance, portfolios, 0);
    await save(rebalance, portfolios, 0, solved());
    await begin(rebalance, portfolios, 1);
    const settled = await store.rebalances.settle(rebalance.id);
    expect(settled).toMatchObject({
      status: "completed_with_errors",
      progress: { completed: 1, failed: 2, running: 0, queued: 0 },
    });
    // A late duplicate of portfolio 1 finds it final and stores nothing.
    expect(await save(rebalance, portfolios, 1, solved())).toBe(false);
    const again = await store.rebalances.settle(rebalance.id);
    expect(again?.progress).toEqual(settled?.progress);
    expect(again?.rebalance.completedAt).toEqual(settled?.rebalance.completedAt);
    const reports = await all(rebalance);
    expect(reports[2]).toMatchObject({ status: "failed", error: "The portfolio job ended without a result." });
  });

  it("cancels the rest after fail-fast and fails the rebalance", async () => {
    const portfolios = [pid(), pid()];
    const { rebalance } = await store.rebalances.create(submission(portfolios));
    await begin(rebalance, portfolios, 0);
    await save(rebalance, portfolios, 0, solved());
    await store.rebalances.requestStop(rebalance.id, {
      service: "pricing",
      message: "Pricing is down.",
      at: new Date(),
    });
    const settled = await store.rebalances.settle(rebalance.id);
    expect(settled).toMatchObject({ status: "failed", progress: { completed: 1, cancelled: 1 } });
    expect((await all(rebalance))[1]).toMatchObject({ status: "cancelled", error: "Cancelled: Pricing is down." });
  });
});

describe("reads", () => {
  it("streams a range of portfolios across group boundaries and finds one portfolio", async () => {
    const portfolios = Array.from({ length: BUCKET_SIZE * 2 + 3 }, () => pid());
    const { rebalance } = await store.rebalances.create(submission(portfolios));
    const doc = (await store.rebalances.document(rebalance.id))!;
    const range: string[] = [];
    for await (const r of store.rebalances.portfolios(doc, { offset: BUCKET_SIZE - 2, limit: BUCKET_SIZE + 4 }))
      range.push(r.portfolioId);
    expect(range).toEqual(portfolios.slice(BUCKET_SIZE - 2, BUCKET_SIZE * 2 + 2));
    expect((await store.rebalances.portfolio(doc, portfolios[BUCKET_SIZE * 2 + 1]!))?.portfolioId).toBe(
      portfolios[BUCKET_SIZE * 2 + 1],
    );
    expect(await store.rebalances.portfolio(doc, pid())).toBeNull();
  });

  it("streams stored outcomes slot by slot, whatever range they are read in (ranges across read slices and groups)", async () => {
    const portfolios = Array.from({ length: BUCKET_SIZE + 45 }, () => pid());
    const { rebalance } = await store.rebalances.create(submission(portfolios));
    // Every third portfolio solved (named by its place), every seventh failed, the rest left queued or running.
    const expected = portfolios.map((portfolioId, index) => ({
      portfolioId,
      status: index % 3 === 0 ? "completed" : index % 7 === 0 ? "failed" : index % 5 === 0 ? "running" : "queued",
      portfolioName: index % 3 === 0 ? `Fund ${index}` : null,
    }));
    for (const [index, { status }] of expected.entries()) {
      if (status === "queued") continue;
      await begin(rebalance, portfolios, index);
      if (status === "completed") await save(rebalance, portfolios, index, solved(`Fund ${index}`));
      if (status === "failed") await save(rebalance, portfolios, index, { status: "failed", error: "boom" });
    }
    const doc = (await store.rebalances.document(rebalance.id))!;
    const read = async (range?: { offset: number; limit: number }) => {
      const reports: Array<Pick<PortfolioReport, "portfolioId" | "status" | "portfolioName">> = [];
      for await (const r of store.rebalances.portfolios(doc, range))
        reports.push({ portfolioId: r.portfolioId, status: r.status, portfolioName: r.portfolioName });
      return reports;
    };
    expect(await read()).toEqual(expected);
    for (const [offset, limit] of [
      [0, 1],
      [19, 2],
      [7, 33],
      [BUCKET_SIZE - 21, 30],
      [BUCKET_SIZE + 40, 10],
    ] as const)
      expect(await read({ offset, limit }), `offset ${offset}, limit ${limit}`).toEqual(
        expected.slice(offset, offset + limit),
      );
    const solvedOne = (await store.rebalances.portfolio(doc, portfolios[BUCKET_SIZE + 44]!))!;
    expect(solvedOne).toMatchObject({ status: "completed", portfolioName: `Fund ${BUCKET_SIZE + 44}` });
    expect(solvedOne.cashAfter?.toFixed()).toBe("550");
  });

  it("finds the rebalances that include some portfolios, newest first", async () => {
    const shared = pid();
    const older = (await store.rebalances.create(submission([pid(), shared]), new Date(Date.now() - 1_000))).rebalance;
    await store.rebalances.settle(older.id);
    const newer = (await store.rebalances.create(submission([shared]))).rebalance;
    const found = await store.rebalances.findByPortfolios([shared, pid()], { offset: 0, limit: 10 });
    expect(found.total).toBe(2);
    expect(found.items.map((r) => r.id)).toEqual([newer.id, older.id]);
  });

  it("sorts by the portal's columns, both directions", async () => {
    const names = ["Sort C", "Sort A", "Sort B"];
    for (const [i, name] of names.entries()) {
      const input = submission(
        Array.from({ length: i + 1 }, () => pid()),
        {},
      );
      await store.rebalances.create({ ...input, snapshot: { ...input.snapshot, modelName: name } });
    }
    const page = await store.rebalances.list({
      offset: 0,
      limit: 100,
      sort: [{ field: "model_name", direction: -1 }],
    });
    const sorted = page.items.map((r) => r.modelName).filter((n) => n.startsWith("Sort "));
    expect(sorted).toEqual(["Sort C", "Sort B", "Sort A"]);
    const bySize = await store.rebalances.list({
      offset: 0,
      limit: 100,
      sort: [{ field: "number_of_portfolios", direction: 1 }],
    });
    const sizes = bySize.items.map((r) => r.numberOfPortfolios);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
  });

  it("deletes a finished rebalance with its groups at the right version; 409 while it is active or stale", async () => {
    const { rebalance } = await store.rebalances.create(submission([pid()]));
    await expect(store.rebalances.delete(rebalance.id, 1)).rejects.toThrow(/still queued/);
    const settled = await store.rebalances.settle(rebalance.id);
    await expect(store.rebalances.delete(rebalance.id, 1)).rejects.toThrow(/has version/);
    await store.rebalances.delete(rebalance.id, settled!.rebalance.version);
    expect(await store.rebalances.get(rebalance.id)).toBeNull();
    const left = await store.db
      .collection("rebalance_results")
      .countDocuments({ rebalance_id: new ObjectId(rebalance.id) });
    expect(left).toBe(0);
  });
});

describe("repair listings", () => {
  it("lists queued, running and final-but-not-followed-up rebalances created before a time, page by page", async () => {
    await store.db.collection("rebalances").deleteMany({});
    const old = new Date(Date.now() - 120_000);
    const created: Rebalance[] = [];
    const ids: string[][] = [];
    for (let i = 0; i < 4; i += 1) {
      const portfolios = [pid(), pid()];
      ids.push(portfolios);
      created.push(
        (await store.rebalances.create(submission(portfolios, { requestId: `req-old-${i}` }), old)).rebalance,
      );
    }
    const [queued, running, unfollowed, settled] = created as [Rebalance, Rebalance, Rebalance, Rebalance];
    await begin(running, ids[1]!, 0);
    await store.rebalances.settle(unfollowed.id);
    await store.rebalances.settle(settled.id);
    await store.rebalances.markFollowedUp(settled.id);
    await store.rebalances.create(submission([pid()]));
    const cutoff = new Date(Date.now() - 60_000);

    const listed = await store.rebalances.listUnsettledBefore(cutoff, 10);
    expect(listed).toEqual([
      { rebalanceId: queued.id, status: "queued", requestId: "req-old-0" },
      { rebalanceId: running.id, status: "running", requestId: "req-old-1" },
      { rebalanceId: unfollowed.id, status: "failed", requestId: "req-old-2" },
    ]);
    const first = await store.rebalances.listUnsettledBefore(cutoff, 2);
    const rest = await store.rebalances.listUnsettledBefore(cutoff, 2, first[1]!.rebalanceId);
    expect([...first, ...rest]).toEqual(listed);
    expect(await store.rebalances.findUnsettledFlow(unfollowed.id)).toEqual({
      requestId: "req-old-2",
      portfolios: ids[2]!.map((portfolioId, index) => ({ portfolioId, index })),
    });
    expect(await store.rebalances.findUnsettledFlow(settled.id)).toBeNull();
    expect(await store.rebalances.findUnsettledFlow("not-an-id")).toBeNull();
  });
});
