// The models repository against the real MongoDB-compatible server: exact Decimal128 storage and the
// operations the rebalance worker needs (read by id, set last_rebalance_date).
import { Dec } from "@ogs/domain";
import { connectStore, MODELS_COLLECTION, type Store } from "@ogs/store";
import { Decimal128 } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext } from "@ogs/test-support";

const ctx = createTestContext("store_models");
let store: Store;
beforeAll(async () => {
  store = connectStore({ url: ctx.mongoUrl, database: ctx.database });
  await store.ensureIndexes();
});
afterAll(async () => {
  await store?.close();
});

const position = (target: string) => ({
  securityId: "SEC000000000000000000001",
  target: new Dec(target),
  highDrift: new Dec("0.1234567890123456789"),
  lowDrift: new Dec("0"),
});

describe("models repository", () => {
  it("stores decimals as Decimal128 and reads them back exactly", async () => {
    const model = await store.models.create({ name: "exact", positions: [position("0.125")], portfolios: [] });
    const raw = await store.db.collection(MODELS_COLLECTION).findOne({ name: "exact" });
    expect(raw?.positions[0].target).toBeInstanceOf(Decimal128);
    expect(raw?.positions[0].high_drift.toString()).toBe("0.1234567890123456789");
    const read = await store.models.get(model.id);
    expect(read.positions[0]!.highDrift.equals("0.1234567890123456789")).toBe(true);
  });

  it("sets last_rebalance_date and bumps the version, only forward in time", async () => {
    const model = await store.models.create({ name: "rebalanced", positions: [], portfolios: [] });
    const when = new Date("2024-06-01T12:00:00.000Z");
    const updated = await store.models.setLastRebalanceDate(model.id, when);
    expect(updated).toMatchObject({ id: model.id, lastRebalanceDate: when, version: 2 });
    expect(await store.models.setLastRebalanceDate("0123456789abcdef01234567", when)).toBeUndefined();
    // A finaliser that runs again, or an older rebalance finalised later, changes nothing; a later one moves it on.
    expect(await store.models.setLastRebalanceDate(model.id, when)).toMatchObject({
      lastRebalanceDate: when,
      version: 2,
    });
    expect(await store.models.setLastRebalanceDate(model.id, new Date("2024-05-01T00:00:00.000Z"))).toMatchObject({
      lastRebalanceDate: when,
      version: 2,
    });
    const later = new Date("2024-06-02T00:00:00.000Z");
    expect(await store.models.setLastRebalanceDate(model.id, later)).toMatchObject({
      lastRebalanceDate: later,
      version: 3,
    });
  });

  it("loses no update when many writers edit the same models at once (each conditional write matches one version)", async () => {
    // 20 models × 20 concurrent writers, each adding its own portfolio without a version (re-read and retry on a miss).
    const models = await Promise.all(
      Array.from({ length: 20 }, (_, m) =>
        store.models.create({ name: `contended ${m}`, positions: [], portfolios: [] }),
      ),
    );
    const ids = (m: number) =>
      Array.from({ length: 20 }, (_, w) => `PF${String(m).padStart(2, "0")}${String(w).padStart(22, "0")}`);
    const results = await Promise.all(
      models.flatMap((model, m) =>
        ids(m).map((portfolio) =>
          store.models.edit(model.id, undefined, (read) => ({ ...read, portfolios: [...read.portfolios, portfolio] })),
        ),
      ),
    );
    // Every answer is the document its own write produced: one per version, each holding its own portfolio.
    for (const [m, model] of models.entries()) {
      const answers = results.filter((result) => result.id === model.id);
      expect(answers.map((answer) => answer.version).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 20 }, (_, i) => i + 2),
      );
      for (const answer of answers) expect(answer.portfolios).toHaveLength(answer.version - 1);
      const stored = await store.models.get(model.id);
      expect(stored.version).toBe(21);
      expect([...stored.portfolios].sort()).toEqual(ids(m));
    }
  });

  it("finds nothing for ids that are not ObjectIds", async () => {
    expect(await store.models.findById("nope")).toBeUndefined();
  });

  it("has a unique index on name", async () => {
    const indexes = await store.db.collection(MODELS_COLLECTION).indexes();
    expect(indexes.find((index) => index.name === "name_unique")).toMatchObject({ unique: true, key: { name: 1 } });
  });
});
