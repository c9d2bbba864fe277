// The swap (SPEC §1, drop-in): this service started with the GlobeCo Helm chart's environment as written
// (LOG_LEVEL=INFO, DATABASE_NAME=prod, the OTEL_COLLECTOR_* names, SECRET_KEY) on a MongoDB holding what the
// original service left there — its indexes, a model and a rebalance of two portfolios in the exact shape its
// Beanie models write — and the portal's calls (the real axios, as in the portal suite) reading them, editing
// and rebalancing the model and deleting the original's rebalance. Reads change nothing of the original's data.
// The chart's database is `prod`, so this file runs its own MongoDB-compatible server.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Dec } from "@ogs/domain";
import { AxiosError } from "axios";
import { BSON, Decimal128, MongoClient, ObjectId, type Db } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedMongo, type EmbeddedMongo } from "@ogs/test-support";
import { port, sec } from "../support/rebalance-fleet.js";
import { startChartFleet, type ChartFleet } from "./support/chart-fleet.js";
import {
  ORIGINAL_DATABASE,
  ORIGINAL_INDEXES,
  ORIGINAL_MODEL_ID,
  ORIGINAL_PORTFOLIOS,
  ORIGINAL_REBALANCE_ID,
  POSITION_DECIMALS,
  seedOriginalData,
} from "./support/original-data.js";
import {
  checkPortalRebalance,
  exactDocument,
  expectPortalRequest,
  expectSortedBy,
  portalFor,
  REBALANCE_SORTS,
} from "./support/portal-checks.js";
import { modelPage, rebalancePage, type PortalClient } from "./support/portal-client.js";
import { asPortal, PortalModel, PortalRebalanceResult } from "./support/portal-types.js";

const BUILT = ["../../dist/main.js", "../../../worker/dist/main.js"].map((p) =>
  fileURLToPath(new URL(p, import.meta.url)),
);
let mongo: EmbeddedMongo;
let client: MongoClient;
let db: Db;
let fleet: ChartFleet;
let portal: PortalClient;

/** The original's documents as stored, every BSON type spelled out (canonical Extended JSON). */
const stored = async (collection: string, id: string) =>
  BSON.EJSON.stringify(await db.collection(collection).findOne({ _id: new ObjectId(id) }), { relaxed: false });
let originalModelText: string;
let originalRebalanceText: string;

beforeAll(async () => {
  if (!BUILT.every((file) => existsSync(file))) throw new Error("build first: npm run build (npm test does)");
  mongo = await startEmbeddedMongo();
  client = new MongoClient(mongo.url);
  db = client.db(ORIGINAL_DATABASE);
  await seedOriginalData(db);
  originalModelText = await stored("models", ORIGINAL_MODEL_ID);
  originalRebalanceText = await stored("rebalances", ORIGINAL_REBALANCE_ID);
  fleet = await startChartFleet("portal_swap", mongo.url);
  portal = await portalFor(fleet.baseUrl);
});
afterAll(async () => {
  await fleet?.stop();
  await client?.close();
  await mongo?.stop();
});

const statusOf = async (call: Promise<unknown>): Promise<number | undefined> =>
  call.then(
    () => 200,
    (error: unknown) => (error instanceof AxiosError ? error.response?.status : undefined),
  );

const keyOf = (key: object) => JSON.stringify(Object.entries(key));

describe("the swap: this service on the original's database, with the chart's environment", () => {
  it("starts with the chart's variables as written and keeps the original's indexes, none duplicated under another name", async () => {
    expect(fleet.env).toMatchObject({ DATABASE_NAME: "prod", LOG_LEVEL: "INFO", SECRET_KEY: expect.any(String) });
    expect(fleet.env.OTEL_COLLECTOR_HTTP_ENDPOINT).toBe("http://10.0.0.5:4318");
    expect(fleet.env.MONGODB_DB).toBeUndefined();
    // The API creates its indexes in the background once it is up.
    for (let waited = 0; !fleet.output().includes("MongoDB indexes are in place"); waited += 100) {
      if (waited > 20_000) throw new Error(`the API's indexes are not in place:\n${fleet.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    for (const [collection, originals] of Object.entries(ORIGINAL_INDEXES)) {
      const indexes = await db.collection(collection).listIndexes().toArray();
      for (const original of originals)
        expect(indexes.find((index) => index.name === original.name)?.key, `${collection}.${original.name}`).toEqual(
          original.key,
        );
      // MongoDB refuses a second index on the same keys under another name (IndexOptionsConflict): a service
      // that asks for one cannot start on the original's database.
      const byKey = new Map<string, string[]>();
      for (const index of indexes) {
        const key = keyOf(index.key as object);
        byKey.set(key, [...(byKey.get(key) ?? []), String(index.name)]);
      }
      const duplicated = [...byKey.values()].filter((names) => names.length > 1);
      expect(duplicated, `${collection}: indexes on the same keys`).toEqual([]);
    }
  });

  it("serves the original's model to the portal (GET /model/{id}, the models page)", async () => {
    const model = asPortal(PortalModel, await portal.api.getModelById(ORIGINAL_MODEL_ID), "getModelById");
    expectPortalRequest(portal.last());
    expect(model).toMatchObject({
      model_id: ORIGINAL_MODEL_ID,
      name: "Original Growth",
      positions: [
        { security_id: sec(1), target: "0.2", high_drift: "0.05", low_drift: "0.05" },
        { security_id: sec(2), target: "0.2", high_drift: "0.05", low_drift: "0.05" },
        { security_id: sec(3), target: "0.2", high_drift: "0.05", low_drift: "0.05" },
        { security_id: sec(4), target: "0.15", high_drift: "0.05", low_drift: "0.05" },
      ],
      portfolios: [port(1), port(2)],
      last_rebalance_date: "2025-06-02T14:30:05.391Z",
      version: 3,
    });
    const listed = await portal.api.listModels(modelPage("name"));
    expect(listed.map((m) => asPortal(PortalModel, m, "listModels"))).toEqual([model]);
  });

  it("serves the original's rebalance to the portal: both portfolios under the original's field names, every number as stored", async () => {
    const path = `/api/v1/rebalance/${ORIGINAL_REBALANCE_ID}`;
    const exact = (await exactDocument(fleet.baseUrl, path)) as { portfolios: Array<Record<string, unknown>> };
    const rebalance = checkPortalRebalance(await portal.api.getRebalanceById(ORIGINAL_REBALANCE_ID), exact, "original");
    expect(rebalance).toMatchObject({
      rebalance_id: ORIGINAL_REBALANCE_ID,
      model_id: ORIGINAL_MODEL_ID,
      model_name: "Original Growth",
      rebalance_date: "2025-06-02T14:30:05.398Z",
      created_at: "2025-06-02T14:30:05.398Z",
      number_of_portfolios: 2,
      version: 1,
    });
    expect(exact.portfolios.map((p) => p.portfolio_id)).toEqual(ORIGINAL_PORTFOLIOS.map((p) => p.id));
    for (const [i, original] of ORIGINAL_PORTFOLIOS.entries()) {
      const served = exact.portfolios[i]!;
      for (const [field, digits] of [
        ["market_value", original.mv],
        ["cash_before_rebalance", original.cash],
        ["cash_after_rebalance", original.cash],
      ] as const)
        expect(new Dec(served[field] as string).eq(digits), `${original.id} ${field} ${String(served[field])}`).toBe(
          true,
        );
      const positions = served.positions as Array<Record<string, unknown>>;
      expect(positions.map((p) => p.security_id)).toEqual(original.rows.map((row) => row[0]));
      for (const [j, row] of original.rows.entries()) {
        const position = positions[j]!;
        for (const [k, name] of POSITION_DECIMALS.entries())
          expect(new Dec(position[name] as string).eq(row[k + 1] as string), `${original.id} ${row[0]} ${name}`).toBe(
            true,
          );
        const trade = row[11];
        expect(position).toMatchObject({
          transaction_type: trade > 0 ? "BUY" : trade < 0 ? "SELL" : null,
          trade_quantity: trade === 0 ? null : String(Math.abs(trade)),
          trade_date: trade === 0 ? null : "2025-06-02",
        });
      }
    }
    expect(await portal.api.getRebalancePortfolios(ORIGINAL_REBALANCE_ID)).toEqual(
      (await portal.api.getRebalanceById(ORIGINAL_REBALANCE_ID)).portfolios,
    );
    const held = await portal.api.getRebalancePortfolioPositions(ORIGINAL_REBALANCE_ID, port(2));
    expect(held[0]).toMatchObject({ security_id: sec(7), actual: 0, actual_drift: 0, transaction_type: "SELL" });
  });

  it("lists it under each of the table's sort columns, and every other rebalance read finds it", async () => {
    for (const sortBy of REBALANCE_SORTS) {
      const items = await portal.api.listRebalances(rebalancePage(sortBy));
      const exact = (await exactDocument(fleet.baseUrl, portal.last().path)) as unknown[];
      expect(
        items.map((item, i) => checkPortalRebalance(item, exact[i], `listRebalances ${sortBy}`).rebalance_id),
      ).toEqual([ORIGINAL_REBALANCE_ID]);
    }
    const base = `${fleet.baseUrl}/api/v1`;
    const portfolios = (await (
      await fetch(`${base}/rebalance/${ORIGINAL_REBALANCE_ID}/portfolios`)
    ).json()) as unknown[];
    expect(portfolios).toHaveLength(2);
    const positions = await fetch(`${base}/rebalance/${ORIGINAL_REBALANCE_ID}/portfolio/${port(1)}/positions`);
    expect(((await positions.json()) as unknown[]).length).toBe(4);
    const byPortfolio = await fetch(`${base}/rebalances/portfolios`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ portfolios: [port(2)] }),
    });
    expect(((await byPortfolio.json()) as Array<{ rebalance_id: string }>).map((r) => r.rebalance_id)).toEqual([
      ORIGINAL_REBALANCE_ID,
    ]);
  });

  it("changed nothing of the original's documents by reading them", async () => {
    expect(await stored("models", ORIGINAL_MODEL_ID)).toBe(originalModelText);
    expect(await stored("rebalances", ORIGINAL_REBALANCE_ID)).toBe(originalRebalanceText);
  });

  it("edits the original's model as ModelForm does (PUT): version 4, stored in the original's shape", async () => {
    const model = asPortal(PortalModel, await portal.api.getModelById(ORIGINAL_MODEL_ID), "getModelById");
    const body = {
      name: model.name,
      portfolios: model.portfolios,
      positions: model.positions!.map((p) => ({
        security_id: p.security_id,
        target: p.security_id === sec(4) ? 0.1 : parseFloat(p.target),
        high_drift: parseFloat(p.high_drift),
        low_drift: parseFloat(p.low_drift),
      })),
      version: model.version,
      last_rebalance_date: model.last_rebalance_date,
    };
    const updated = asPortal(PortalModel, await portal.api.updateModel(ORIGINAL_MODEL_ID, body), "updateModel");
    expect(updated).toMatchObject({ version: 4, last_rebalance_date: "2025-06-02T14:30:05.391Z" });
    expect(updated.positions!.map((p) => p.target)).toEqual(["0.2", "0.2", "0.2", "0.1"]);
    // What the original reads back after a swap in the other direction: its fields, its BSON types.
    const document = (await db.collection("models").findOne({ _id: new ObjectId(ORIGINAL_MODEL_ID) }))!;
    expect(document).toMatchObject({ name: "Original Growth", portfolios: [port(1), port(2)], version: 4 });
    expect(document.created_at).toEqual(new Date("2025-05-20T09:23:40.512Z"));
    expect((document.updated_at as Date).getTime()).toBeGreaterThan(Date.parse("2025-06-02T14:30:05.392Z"));
    for (const position of document.positions as Array<Record<string, unknown>>)
      for (const field of ["target", "high_drift", "low_drift"]) expect(position[field]).toBeInstanceOf(Decimal128);
  });

  it("rebalances the original's model with the portal's bodiless POST; the new rebalance is listed next to the original's", async () => {
    const results = (await portal.api.rebalanceModel(ORIGINAL_MODEL_ID)).map((r) =>
      asPortal(PortalRebalanceResult, r, "rebalanceModel"),
    );
    expect(portal.last().status).toBe(200);
    expect(results.map((r) => [r.portfolio_id, r.status])).toEqual([
      [port(1), "completed"],
      [port(2), "completed"],
    ]);
    const rebalanceId = results[0]!.rebalance_id;
    const exact = await exactDocument(fleet.baseUrl, `/api/v1/rebalance/${rebalanceId}`);
    checkPortalRebalance(await portal.api.getRebalanceById(rebalanceId), exact, "ours");
    const listed = await portal.api.listRebalances(rebalancePage("-rebalance_date"));
    expect(listed.map((r) => (r as { rebalance_id: string }).rebalance_id)).toEqual([
      rebalanceId,
      ORIGINAL_REBALANCE_ID,
    ]);
    for (const sortBy of REBALANCE_SORTS)
      expectSortedBy((await portal.api.listRebalances(rebalancePage(sortBy))) as never, sortBy);
    const model = asPortal(PortalModel, await portal.api.getModelById(ORIGINAL_MODEL_ID), "getModelById");
    expect(Date.parse(model.last_rebalance_date!)).toBeGreaterThan(Date.parse("2025-06-02T14:30:05.391Z"));
  });

  it("deletes the original's rebalance as the table does: 409 for a stale version, 204 for ?version=1; ours stays", async () => {
    expect(await statusOf(portal.api.deleteRebalance(ORIGINAL_REBALANCE_ID, 2))).toBe(409);
    expect(await stored("rebalances", ORIGINAL_REBALANCE_ID)).toBe(originalRebalanceText);
    await portal.api.deleteRebalance(ORIGINAL_REBALANCE_ID, 1);
    expect(portal.last()).toMatchObject({ path: `/api/v1/rebalance/${ORIGINAL_REBALANCE_ID}?version=1`, status: 204 });
    expect(await db.collection("rebalances").countDocuments({ _id: new ObjectId(ORIGINAL_REBALANCE_ID) })).toBe(0);
    expect(await statusOf(portal.api.getRebalanceById(ORIGINAL_REBALANCE_ID))).toBe(404);
    expect(await portal.api.listRebalances(rebalancePage("-rebalance_date"))).toHaveLength(1);
    expect(portal.exchanges.filter((e) => e.status >= 500)).toEqual([]);
  });
});
