// The GlobeCo portal's rebalance screens against this service (SPEC §1, §3, §5.5), replayed with the real
// axios as its orderGenerationService.ts sends them over a real fleet (API, two workers, the simulators):
// the bodiless POST of "Rebalance", the results page (listRebalances under each of RebalanceTable's four sort
// columns, both directions, as useRebalances pages them), the portfolios and positions it reads out of
// GET /rebalance/{id}, and the DELETE after every order went out. Every answer is checked against
// /openapi.json, read as the portal's declared types and run through the portal's own table arithmetic.
import { request as httpRequest } from "node:http";
import { Dec } from "@ogs/domain";
import { AxiosError } from "axios";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRebalanceModel, MODEL_POSITIONS, port, sec, type Fleet } from "../support/rebalance-fleet.js";
import { datasetWith, generated, startCompatFleet } from "./support/compat-fleet.js";
import {
  checkPortalRebalance,
  exactDocument,
  expectPortalRequest,
  expectSortedBy,
  portalFor,
  REBALANCE_SORTS,
} from "./support/portal-checks.js";
import { PORTAL_TIMEOUT_MS, rebalancePage, type PortalClient } from "./support/portal-client.js";
import { asPortal, PortalRebalanceResult, PortalRebalancePosition } from "./support/portal-types.js";

const LARGE = 120;
let fleet: Fleet;
let portal: PortalClient;

beforeAll(async () => {
  fleet = await startCompatFleet("portal_rebalances", datasetWith(LARGE));
  portal = await portalFor(fleet.api.baseUrl);
});
afterAll(async () => {
  await fleet?.stop();
});

/** The portal's model rebalance and what its route handler makes of the answer (`rebalance_ids`). */
async function rebalanceModel(modelId: string) {
  const results = (await portal.api.rebalanceModel(modelId)).map((r, i) =>
    asPortal(PortalRebalanceResult, r, `rebalanceModel #${i}`),
  );
  const rebalanceIds = results.map((item) => item.rebalance_id).filter(Boolean);
  return { results, rebalanceId: rebalanceIds[0]!, rebalanceIds };
}

const statusOf = async (call: Promise<unknown>): Promise<number | undefined> =>
  call.then(
    () => 200,
    (error: unknown) => (error instanceof AxiosError ? error.response?.status : undefined),
  );

/** Cash figures of SPEC §5.2 steps 4 and 9 over the exact digits: what the portal's cash change shows. */
function expectExactCash(portfolio: Record<string, unknown>): void {
  const positions = portfolio.positions as Array<Record<string, string>>;
  const sum = (field: string) => positions.reduce((total, p) => total.plus(p[field]!), new Dec(0));
  const marketValue = new Dec(portfolio.market_value as string);
  expect(marketValue.eq(sum("original_position_market_value").plus(portfolio.cash_before_rebalance as string))).toBe(
    true,
  );
  expect(
    new Dec(portfolio.cash_after_rebalance as string).eq(marketValue.minus(sum("adjusted_position_market_value"))),
  ).toBe(true);
}

describe("the model's Rebalance button and the results page", () => {
  const PORTFOLIOS = [port(1), port(2), port(3), port(4), port(5), port(6)];
  let rebalanceId: string;

  it("rebalances with the portal's bodiless POST: 200, one RebalanceResult per portfolio in model order, one rebalance id", async () => {
    const model = await createRebalanceModel(fleet.api, PORTFOLIOS);
    const answer = await rebalanceModel(model.model_id);
    const exchange = portal.last();
    expectPortalRequest(exchange);
    expect(exchange.method).toBe("POST");
    // No body, yet the instance's default JSON content type (axios 1.x then sends Content-Length: 0).
    expect(exchange.requestHeaders["content-type"]).toBe("application/json");
    expect(exchange.status).toBe(200);
    expect(answer.results.map((r) => r.portfolio_id)).toEqual(PORTFOLIOS);
    expect(new Set(answer.rebalanceIds)).toEqual(new Set([answer.rebalanceId]));
    // Portfolio 5 cannot hold the expensive security within its band: listed with its status, no lines.
    const infeasible = answer.results[4]!;
    expect(infeasible).toMatchObject({ status: "infeasible", transactions: [], drifts: [] });
    expect(answer.results[0]!.transactions!.length).toBeGreaterThan(0);
    rebalanceId = answer.rebalanceId;
    // The portal refetches the model right after: the answer came once the finaliser's follow-up had run, so
    // the model already shows its new version and date, and the button works again at once (no portfolio lock).
    const after = (await portal.api.getModelById(model.model_id)) as { version: number; last_rebalance_date: unknown };
    expect(after.version).toBe(model.version + 1);
    expect(after.last_rebalance_date).toEqual(expect.any(String));
    expect(await statusOf(portal.api.rebalanceModel(model.model_id))).toBe(200);
  });

  it("answers a bodiless POST sent chunked with Content-Type: application/json as well", async () => {
    const model = await createRebalanceModel(fleet.api, [port(3)]);
    const url = new URL(`/api/v1/model/${model.model_id}/rebalance`, fleet.api.baseUrl);
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(url, { method: "POST", headers: { "Content-Type": "application/json" } }, (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on("error", reject);
      req.end();
    });
    expect(status, body).toBe(200);
    expect((JSON.parse(body) as unknown[]).map((r, i) => asPortal(PortalRebalanceResult, r, `#${i}`))).toHaveLength(1);
  });

  it("serves GET /rebalance/{id} as the portal's Rebalance with every portfolio; its tables print no NaN, drifts have the original's sign", async () => {
    const document = await portal.api.getRebalanceById(rebalanceId);
    expectPortalRequest(portal.last());
    const exact = (await exactDocument(fleet.api.baseUrl, `/api/v1/rebalance/${rebalanceId}`)) as {
      portfolios: Array<Record<string, unknown>>;
    };
    const rebalance = checkPortalRebalance(document, exact, "getRebalanceById");
    expect(rebalance.portfolios.map((p) => p.portfolio_id)).toEqual(PORTFOLIOS);
    expect(rebalance.number_of_portfolios).toBe(PORTFOLIOS.length);
    for (const portfolio of exact.portfolios) expectExactCash(portfolio);
    // The infeasible one is listed with its status and its holdings untouched: no trade, cash unchanged.
    const infeasible = exact.portfolios[4]!;
    expect(infeasible).toMatchObject({ status: "infeasible", error: "no feasible solution exists" });
    for (const p of infeasible.positions as Array<Record<string, string>>)
      expect(p.adjusted_quantity).toBe(p.original_quantity);
    const drifts = rebalance.portfolios.flatMap((p) => p.positions.map((q) => q.actual_drift));
    expect(drifts.some((d) => d < 0)).toBe(true);
  });

  it("reads portfolios and positions the portal's way: out of GET /rebalance/{id}; an unknown one is the portal's error", async () => {
    const portfolios = await portal.api.getRebalancePortfolios(rebalanceId);
    expect(portfolios).toEqual((await portal.api.getRebalanceById(rebalanceId)).portfolios);
    const positions = await portal.api.getRebalancePortfolioPositions(rebalanceId, port(2));
    expect(positions.map((p, i) => asPortal(PortalRebalancePosition, p, `position #${i}`).security_id)).toContain(
      sec(3),
    );
    await expect(portal.api.getRebalancePortfolioPositions(rebalanceId, generated(1))).rejects.toThrow(
      `Portfolio ${generated(1)} not found in rebalance ${rebalanceId}`,
    );
  });
});

describe("a model whose every portfolio failed", () => {
  it("answers 200 with each portfolio's status and error (the original isolates failures); the document lists them with amounts 0", async () => {
    const unknown = "SECUNKNOWN00000000000001";
    const model = await createRebalanceModel(
      fleet.api,
      [port(1), port(2)],
      [MODEL_POSITIONS[0]!, { security_id: unknown, target: "0.1", low_drift: "0.05", high_drift: "0.05" }],
    );
    const answer = await rebalanceModel(model.model_id);
    expect(portal.last().status).toBe(200);
    for (const result of answer.results) {
      expect(result).toMatchObject({ status: "failed", transactions: [], drifts: [] });
      expect(String(result.error)).toContain(unknown);
    }
    const path = `/api/v1/rebalance/${answer.rebalanceId}`;
    const exact = (await exactDocument(fleet.api.baseUrl, path)) as { portfolios: Array<Record<string, unknown>> };
    checkPortalRebalance(await portal.api.getRebalanceById(answer.rebalanceId), exact, "all failed");
    for (const portfolio of exact.portfolios) {
      expect(portfolio).toMatchObject({
        status: "failed",
        market_value: "0",
        cash_before_rebalance: "0",
        positions: [],
      });
      expect(String(portfolio.error)).toContain(unknown);
    }
  });
});

describe(`a model of ${LARGE} portfolios`, () => {
  it(`is rebalanced synchronously within the portal's ${PORTAL_TIMEOUT_MS / 1000} s timeout; GET /rebalance/{id} holds all ${LARGE}, in model order`, async () => {
    const portfolios = Array.from({ length: LARGE }, (_, i) => generated(i + 1));
    const positions = MODEL_POSITIONS.filter((p) => p.security_id !== sec(9));
    const model = await createRebalanceModel(fleet.api, portfolios, positions);
    const answer = await rebalanceModel(model.model_id);
    expect(answer.results).toHaveLength(LARGE);
    console.warn(`${LARGE}-portfolio synchronous model rebalance: ${portal.last().durationMs} ms`);

    const document = await portal.api.getRebalanceById(answer.rebalanceId);
    const exact = (await exactDocument(fleet.api.baseUrl, `/api/v1/rebalance/${answer.rebalanceId}`)) as {
      portfolios: Array<Record<string, unknown>>;
    };
    const rebalance = checkPortalRebalance(document, exact, `${LARGE}-portfolio rebalance`);
    expect(rebalance.portfolios.map((p) => p.portfolio_id)).toEqual(portfolios);
    for (const portfolio of exact.portfolios) expectExactCash(portfolio);
    // The 101st: beyond the 100 that used to be embedded, found the portal's way.
    const positions101 = await portal.api.getRebalancePortfolioPositions(answer.rebalanceId, generated(101));
    expect(positions101.length).toBeGreaterThan(0);
  });
});

describe("the results page's list", () => {
  it("answers each of RebalanceTable's four sort columns in both directions with 200, whole documents, in order", async () => {
    // Names and sizes that order differently from submission time.
    for (const [name, portfolios] of [
      ["Zulu Income", [port(1)]],
      ["Alpha Balanced", [port(2), port(3), port(6)]],
    ] as const) {
      const model = await fleet.api.request<{ model_id: string }>("POST", "/api/v1/models", {
        body: { name, positions: MODEL_POSITIONS.slice(0, 4), portfolios },
      });
      expect(model.status).toBe(201);
      await rebalanceModel(model.body.model_id);
    }
    for (const sortBy of REBALANCE_SORTS) {
      const items = await portal.api.listRebalances(rebalancePage(sortBy));
      const exchange = portal.last();
      expectPortalRequest(exchange);
      expect(exchange.path).toBe(`/api/v1/rebalances?offset=0&limit=20&sort_by=${sortBy}`);
      expect(items).toHaveLength(Number(exchange.headers.get("x-total-count")));
      expect(items.length).toBeGreaterThanOrEqual(5);
      const exact = (await exactDocument(fleet.api.baseUrl, exchange.path)) as unknown[];
      const rebalances = items.map((item, i) => checkPortalRebalance(item, exact[i], `listRebalances ${sortBy} #${i}`));
      expectSortedBy(rebalances, sortBy);
      // The next page useRebalances asks for once the first holds 20.
      expect(await portal.api.listRebalances(rebalancePage(sortBy, 20, 10))).toEqual([]);
    }
  });

  it("deletes a rebalance with params { version } as the table does: 409 when stale, 204, then 404", async () => {
    const [first] = (await portal.api.listRebalances(rebalancePage("-rebalance_date"))) as Array<{
      rebalance_id: string;
      version: number;
    }>;
    expect(await statusOf(portal.api.deleteRebalance(first!.rebalance_id, first!.version + 1))).toBe(409);
    await portal.api.deleteRebalance(first!.rebalance_id, first!.version);
    const exchange = portal.last();
    expectPortalRequest(exchange);
    expect(exchange.path).toBe(`/api/v1/rebalance/${first!.rebalance_id}?version=${first!.version}`);
    expect(exchange.status).toBe(204);
    expect(await statusOf(portal.api.getRebalanceById(first!.rebalance_id))).toBe(404);
  });

  it("never answered the portal with a 5xx (its withSmartRetry would have retried and hidden it)", () => {
    expect(portal.exchanges.filter((e) => e.status >= 500)).toEqual([]);
    expect(portal.exchanges.length).toBeGreaterThan(30);
  });
});
