// The rebalance repositories against the MongoDB-compatible server: locks, idempotency, upserted
// results and derived progress (SPEC §5.4, §5.5).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ObjectId } from "mongodb";
import { ConflictError, Dec, NotFoundError, RuleViolationError } from "@ogs/domain";
import { connectStore, type NewRebalance, type Rebalance, type Store } from "@ogs/store";
import { createTestContext } from "../../../test/support/context.js";

const ctx = createTestContext("rebalance_store");
let store: Store;

const pid = () => new ObjectId().toHexString();
function submission(portfolioIds: string[], extra: Partial<NewRebalance> = {}): NewRebalance {
  return {
    snapshot: {
      model_id: pid(),
      model_name: "Growth",
      model_version: 3,
      positions: [
        {
          security_id: "SEC000000000000000000001",
          target: new Dec("0.5"),
          high_drift: new Dec("0.02"),
          low_drift: new Dec("0.01"),
        },
      ],
    },
    portfolio_ids: portfolioIds,
    request_id: "req-1",
    ...extra,
  };
}

beforeAll(async () => {
  store = connectStore({ url: ctx.mongoUrl, database: ctx.database });
  await store.ensureIndexes();
});
afterAll(async () => {
  // The MongoDB-compatible test server has no dropDatabase, listCollections or drop; empty the collections.
  for (const name of ["rebalances", "rebalance_portfolios", "active_portfolios", "idempotency_keys"])
    await store.db.collection(name).deleteMany({});
  await store.close();
});

describe("rebalances.create", () => {
  it("stores the model snapshot and lists every portfolio as queued", async () => {
    const portfolios = [pid(), pid(), pid()];
    const { rebalance, replayed } = await store.rebalances.create(submission(portfolios));
    expect(replayed).toBe(false);
    expect(rebalance.status).toBe("queued");
    expect(rebalance.snapshot.positions[0]!.target.toString()).toBe("0.5");
    const again = await store.rebalances.get(rebalance.rebalance_id);
    expect(again?.snapshot.positions[0]!.high_drift.toString()).toBe("0.02");
    expect(again?.portfolio_ids).toEqual(portfolios);
    expect(await store.rebalances.progress(rebalance.rebalance_id)).toEqual({
      queued: 3,
      running: 0,
      completed: 0,
      infeasible: 0,
      failed: 0,
      cancelled: 0,
    });
    const page = await store.portfolioResults.list(rebalance.rebalance_id, { offset: 1, limit: 5 });
    expect(page).toMatchObject({
      total: 3,
      items: [
        { portfolio_id: portfolios[1], status: "queued" },
        { portfolio_id: portfolios[2], status: "queued" },
      ],
    });
  });

  it("refuses a portfolio already in an active rebalance with 409 naming it, and locks nothing", async () => {
    const shared = pid();
    const free = pid();
    const { rebalance: first } = await store.rebalances.create(submission([shared]));
    const attempt = store.rebalances.create(submission([free, shared]));
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toThrow(first.rebalance_id);
    // `free` was not left locked by the refused submission.
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

  it("accepts the portfolio again once the earlier rebalance has finished", async () => {
    const portfolio = pid();
    const { rebalance } = await store.rebalances.create(submission([portfolio]));
    await store.rebalances.finish(
      rebalance.rebalance_id,
      "completed",
      await store.rebalances.progress(rebalance.rebalance_id),
    );
    await store.rebalances.releasePortfolios(rebalance.rebalance_id);
    await expect(store.rebalances.create(submission([portfolio]))).resolves.toMatchObject({ replayed: false });
  });

  it("takes over a lock whose rebalance ended without releasing it (crash before release)", async () => {
    const portfolio = pid();
    const { rebalance } = await store.rebalances.create(submission([portfolio]));
    await store.rebalances.finish(
      rebalance.rebalance_id,
      "failed",
      await store.rebalances.progress(rebalance.rebalance_id),
    );
    await expect(store.rebalances.create(submission([portfolio]))).resolves.toMatchObject({ replayed: false });
  });

  it("returns the original rebalance for the same Idempotency-Key and request", async () => {
    const idempotency = { key: `key-${pid()}`, request_hash: "h1" };
    const first = await store.rebalances.create(submission([pid()], { idempotency }));
    const second = await store.rebalances.create(submission([pid()], { idempotency }));
    expect(second).toMatchObject({ replayed: true });
    expect(second.rebalance.rebalance_id).toBe(first.rebalance.rebalance_id);
  });

  it("finds the rebalance of a used Idempotency-Key without claiming anything; 422 for another request; null for a free key", async () => {
    const idempotency = { key: `key-${pid()}`, request_hash: "h1" };
    expect(await store.rebalances.findReplay(idempotency)).toBeNull();
    const first = await store.rebalances.create(submission([pid()], { idempotency }));
    expect((await store.rebalances.findReplay(idempotency))?.rebalance_id).toBe(first.rebalance.rebalance_id);
    await expect(store.rebalances.findReplay({ ...idempotency, request_hash: "h2" })).rejects.toBeInstanceOf(
      RuleViolationError,
    );
    // Expired after 24 h.
    expect(await store.rebalances.findReplay(idempotency, new Date(Date.now() + 25 * 3600_000))).toBeNull();
  });

  it("abandons a submission whose flow could not be enqueued: failed, portfolios and Idempotency-Key released for a retry", async () => {
    const portfolio = pid();
    const idempotency = { key: `key-${pid()}`, request_hash: "h1" };
    const first = await store.rebalances.create(submission([portfolio], { idempotency }));
    await store.rebalances.abandon(
      first.rebalance.rebalance_id,
      "The queue (Redis) is unavailable; the rebalance was not started.",
      "redis",
    );
    expect(await store.rebalances.get(first.rebalance.rebalance_id)).toMatchObject({
      status: "failed",
      failure: { service: "redis" },
    });
    const retried = await store.rebalances.create(submission([portfolio], { idempotency }));
    expect(retried.replayed).toBe(false);
    expect(retried.rebalance.rebalance_id).not.toBe(first.rebalance.rebalance_id);

    // A flow that reached Redis after all and already runs is failed too (its caller was told it did not start).
    const running = (await store.rebalances.create(submission([pid()]))).rebalance;
    await store.rebalances.markRunning(running.rebalance_id, running.portfolio_ids[0]!);
    await store.rebalances.abandon(
      running.rebalance_id,
      "The queue (Redis) is unavailable; the rebalance was not started.",
      "redis",
    );
    expect((await store.rebalances.get(running.rebalance_id))?.status).toBe("failed");
  });

  it("rejects the same Idempotency-Key with a different request (422)", async () => {
    const key = `key-${pid()}`;
    await store.rebalances.create(submission([pid()], { idempotency: { key, request_hash: "h1" } }));
    await expect(
      store.rebalances.create(submission([pid()], { idempotency: { key, request_hash: "h2" } })),
    ).rejects.toBeInstanceOf(RuleViolationError);
  });

  it("takes over an Idempotency-Key whose submitter stopped before storing its rebalance, once the claim is a minute old", async () => {
    // A claim without its rebalance: the submitter died between the two inserts (simulated by deleting the rebalance).
    const orphanOf = async (key: string, at: Date) => {
      const { rebalance } = await store.rebalances.create(
        submission([pid()], { idempotency: { key, request_hash: "h1" } }),
        at,
      );
      await store.db.collection("rebalances").deleteOne({ _id: new ObjectId(rebalance.rebalance_id) });
      return rebalance.rebalance_id;
    };
    const fresh = `key-${pid()}`;
    await orphanOf(fresh, new Date());
    await expect(
      store.rebalances.create(submission([pid()], { idempotency: { key: fresh, request_hash: "h1" } })),
    ).rejects.toThrow(/still being processed/);

    const stale = `key-${pid()}`;
    const orphan = await orphanOf(stale, new Date(Date.now() - 61_000));
    const retried = await store.rebalances.create(
      submission([pid()], { idempotency: { key: stale, request_hash: "h1" } }),
    );
    expect(retried.replayed).toBe(false);
    expect(retried.rebalance.rebalance_id).not.toBe(orphan);
    const replay = await store.rebalances.create(
      submission([pid()], { idempotency: { key: stale, request_hash: "h1" } }),
    );
    expect(replay).toMatchObject({ replayed: true, rebalance: { rebalance_id: retried.rebalance.rebalance_id } });
  });
});

describe("rebalances.listUnsettledBefore", () => {
  it("lists the queued, running and final-but-not-followed-up rebalances created before a time, oldest first, page by page", async () => {
    await store.db.collection("rebalances").deleteMany({});
    const old = new Date(Date.now() - 120_000);
    const created = [];
    for (let i = 0; i < 4; i += 1)
      created.push(
        (await store.rebalances.create(submission([pid(), pid()], { request_id: `req-old-${i}` }), old)).rebalance,
      );
    const [queued, running, unfollowed, settled] = created as [Rebalance, Rebalance, Rebalance, Rebalance];
    await store.rebalances.markRunning(running.rebalance_id, running.portfolio_ids[0]!);
    for (const done of [unfollowed, settled])
      await store.rebalances.finish(done.rebalance_id, "completed", await store.rebalances.progress(done.rebalance_id));
    await store.rebalances.markFollowedUp(settled.rebalance_id);
    await store.rebalances.create(submission([pid()]));
    const cutoff = new Date(Date.now() - 60_000);

    const all = await store.rebalances.listUnsettledBefore(cutoff, 10);
    expect(all).toEqual([
      { rebalance_id: queued.rebalance_id, status: "queued", request_id: "req-old-0" },
      { rebalance_id: running.rebalance_id, status: "running", request_id: "req-old-1" },
      { rebalance_id: unfollowed.rebalance_id, status: "completed", request_id: "req-old-2" },
    ]);
    const first = await store.rebalances.listUnsettledBefore(cutoff, 2);
    const rest = await store.rebalances.listUnsettledBefore(cutoff, 2, first[1]!.rebalance_id);
    expect([...first, ...rest]).toEqual(all);

    expect(await store.rebalances.findUnsettled(unfollowed.rebalance_id)).toEqual({
      portfolio_ids: unfollowed.portfolio_ids,
      request_id: "req-old-2",
    });
    expect(await store.rebalances.findUnsettled(settled.rebalance_id)).toBeNull();
    expect(await store.rebalances.findUnsettled("not-an-id")).toBeNull();
  });
});

describe("portfolioResults", () => {
  it("keeps exactly one result when a job is delivered twice", async () => {
    const portfolio = pid();
    const { rebalance } = await store.rebalances.create(submission([portfolio]));
    const id = rebalance.rebalance_id;
    expect(await store.portfolioResults.isFinal(id, portfolio)).toBe(false);
    const outcome = { status: "failed" as const, error: "Security SEC1 is unknown." };
    const [first, second] = await Promise.all([
      store.portfolioResults.saveOutcome(id, portfolio, outcome, new Date()),
      store.portfolioResults.saveOutcome(id, portfolio, { status: "cancelled", error: "x" }, new Date()),
    ]);
    expect([first, second]).toEqual([true, false]);
    expect(await store.portfolioResults.isFinal(id, portfolio)).toBe(true);
    expect(
      await store.portfolioResults.saveOutcome(id, portfolio, { status: "cancelled", error: "x" }, new Date()),
    ).toBe(false);
    const page = await store.portfolioResults.list(id, { offset: 0, limit: 10 });
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({ status: "failed", error: "Security SEC1 is unknown.", attempts: 1 });
  });

  it("counts progress live and recounts it from the stored results", async () => {
    const [a, b, c] = [pid(), pid(), pid()];
    const { rebalance } = await store.rebalances.create(submission([a, b, c]));
    const id = rebalance.rebalance_id;
    await store.rebalances.markRunning(id, a);
    await store.rebalances.markRunning(id, b);
    await store.portfolioResults.saveOutcome(
      id,
      b,
      {
        status: "infeasible",
        error: "no feasible solution exists",
        portfolio_name: "B",
        market_value: new Dec("10"),
        cash_before: new Dec("10"),
      },
      new Date(),
    );
    expect(await store.rebalances.progress(id)).toEqual({
      queued: 1,
      running: 1,
      completed: 0,
      infeasible: 1,
      failed: 0,
      cancelled: 0,
    });
    expect((await store.portfolioResults.get(id, a))?.status).toBe("running");
    expect((await store.portfolioResults.get(id, c))?.status).toBe("queued");
    expect(await store.portfolioResults.get(id, pid())).toBeNull();
    expect(await store.portfolioResults.closeUnfinished(id, [a, b, c], "cancelled", "stopped", new Date())).toEqual({
      closed: 2,
      progress: { queued: 0, running: 0, completed: 0, infeasible: 1, failed: 0, cancelled: 2 },
    });
  });
});

describe("portfolioResults.closeUnfinished under concurrency", () => {
  it("counts every portfolio once when two finalisers close the same rebalance at once", async () => {
    const portfolios = Array.from({ length: 200 }, pid);
    const { rebalance } = await store.rebalances.create(submission(portfolios));
    const id = rebalance.rebalance_id;
    const runs = await Promise.all(
      [1, 2].map(() =>
        store.portfolioResults.closeUnfinished(
          id,
          portfolios,
          "failed",
          "The portfolio job ended without a result.",
          new Date(),
        ),
      ),
    );
    expect(runs.map((run) => run.closed).reduce((a, b) => a + b)).toBe(200);
    for (const run of runs)
      expect(run.progress).toEqual({ queued: 0, running: 0, completed: 0, infeasible: 0, failed: 200, cancelled: 0 });
  });
});

describe("rebalances.markRunning", () => {
  it("marks every one of many jobs that start at once as running (group-committed marks lose none)", async () => {
    const portfolios = Array.from({ length: 40 }, pid);
    const { rebalance } = await store.rebalances.create(submission(portfolios));
    const id = rebalance.rebalance_id;
    await Promise.all(
      portfolios
        .slice(0, 30)
        .map((portfolio, index) => store.rebalances.markRunning(id, portfolio, new Date(), index === 0)),
    );
    expect(await store.rebalances.progress(id)).toEqual({
      queued: 10,
      running: 30,
      completed: 0,
      infeasible: 0,
      failed: 0,
      cancelled: 0,
    });
    expect((await store.rebalances.get(id))?.status).toBe("running");
    expect((await store.portfolioResults.get(id, portfolios[29]!))?.status).toBe("running");
    expect((await store.portfolioResults.get(id, portfolios[30]!))?.status).toBe("queued");
  });
});

describe("rebalances.delete and findByPortfolios", () => {
  it("refuses to delete a running rebalance, then deletes it at the right version", async () => {
    const portfolio = pid();
    const { rebalance } = await store.rebalances.create(submission([portfolio]));
    const id = rebalance.rebalance_id;
    await store.rebalances.markRunning(id, portfolio);
    await expect(store.rebalances.delete(id, 2)).rejects.toBeInstanceOf(ConflictError);
    expect(
      (await store.rebalances.findByPortfolios([portfolio], { offset: 0, limit: 10 })).items.map((r) => r.rebalance_id),
    ).toEqual([id]);
    await store.rebalances.finish(id, "completed", await store.rebalances.progress(id));
    await expect(store.rebalances.delete(id, 2)).rejects.toThrow(/version 3/);
    await store.rebalances.delete(id, 3);
    expect(await store.rebalances.get(id)).toBeNull();
    await expect(store.rebalances.delete(id, 3)).rejects.toBeInstanceOf(NotFoundError);
    expect((await store.rebalances.findByPortfolios([portfolio], { offset: 0, limit: 10 })).total).toBe(0);
  });
});
