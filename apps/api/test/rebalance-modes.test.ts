// SPEC §5.5 end to end over HTTP with two worker processes: both response modes, the portfolio
// endpoint, every stored field against the optimizer, last_rebalance_date, the read endpoints and the
// request id that travels into the jobs. Every response is validated against /openapi.json.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatDecimal } from "@ogs/domain";
import { solveRebalance } from "@ogs/optimizer";
import { inputFor, expectedPosition, parseExact } from "@ogs/test-support";
import { expectProblem, UNKNOWN_MODEL_ID, type ModelWire } from "./support/fixtures.js";
import {
  createRebalanceModel,
  DATASET,
  port,
  startFleet,
  waitForRebalance,
  type AcceptedWire,
  type Fleet,
  type PortfolioWire,
  type RebalanceDtoWire,
  type RebalanceStatusWire,
  type RebalanceWire,
} from "./support/rebalance-fleet.js";

/** A served portfolio with every number as its exact text. */
type ExactPortfolio = Record<keyof PortfolioWire, unknown> & {
  portfolio_id: string;
  positions: Array<{ security_id: string }>;
  transactions: Array<{ security_id: string }>;
};

let fleet: Fleet;
let model: ModelWire;
const PORTFOLIOS = [port(1), port(2), port(3), port(4), port(6)];

beforeAll(async () => {
  fleet = await startFleet("rebalance_modes");
  model = await createRebalanceModel(fleet.api, PORTFOLIOS);
});
afterAll(async () => {
  await fleet?.stop();
});

/** The parts of /openapi.json whose wording the tests check. */
interface OpenApiText {
  paths: Record<
    string,
    Partial<
      Record<
        "get" | "post",
        { summary?: string; description?: string; parameters?: Array<{ name: string; description?: string }> }
      >
    >
  >;
  components: { schemas: Record<string, { properties?: Record<string, { description?: string }> }> };
}

const bySecurity = <T extends { security_id: string }>(rows: T[]) =>
  [...rows].sort((a, b) => a.security_id.localeCompare(b.security_id));

/** What the optimizer computes for a portfolio from the simulator data and the model. */
function expectedFor(portfolioId: string, modelId = model.model_id) {
  const result = solveRebalance(inputFor(portfolioId, modelId));
  const today = new Date().toISOString().slice(0, 10);
  return {
    result,
    drifts: bySecurity(
      result.positions.map((p) => ({
        security_id: p.securityId,
        original_quantity: formatDecimal(p.originalQuantity),
        adjusted_quantity: formatDecimal(p.adjustedQuantity),
        target: formatDecimal(p.target),
        high_drift: formatDecimal(p.highDrift),
        low_drift: formatDecimal(p.lowDrift),
        actual: formatDecimal(p.actual),
      })),
    ),
    // Every number as its exact text (the responses are read with parseExact).
    positions: bySecurity(result.positions.map((p) => expectedPosition(p, today))),
    // One transaction per non-zero quantity delta (SPEC §5.2 step 6).
    transactions: bySecurity(
      result.positions
        .map((p) => ({ security_id: p.securityId, delta: p.adjustedQuantity.minus(p.originalQuantity) }))
        .filter((d) => !d.delta.isZero())
        .map((d) => ({
          transaction_type: d.delta.gt(0) ? "BUY" : "SELL",
          security_id: d.security_id,
          quantity: d.delta.abs().toFixed(),
          trade_date: today,
        })),
    ),
  };
}

describe("synchronous mode", () => {
  it("waits for the model's rebalance and answers 200 with one RebalanceDTO per portfolio, as the optimizer computes them", async () => {
    const response = await fleet.api.request<RebalanceDtoWire[]>("POST", `/api/v1/model/${model.model_id}/rebalance`, {
      headers: { "x-request-id": "req-sync-model" },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.map((dto) => dto.portfolio_id)).toEqual(PORTFOLIOS);
    const rebalanceIds = new Set(response.body.map((dto) => dto.rebalance_id));
    expect(rebalanceIds.size).toBe(1);
    for (const dto of response.body) {
      const expected = expectedFor(dto.portfolio_id);
      expect(dto).toMatchObject({ status: "completed", error: null });
      expect(dto.portfolio_name).toBe(DATASET.portfolios.find((p) => p.portfolio_id === dto.portfolio_id)!.name);
      expect(bySecurity(dto.drifts)).toEqual(expected.drifts);
      expect(bySecurity(dto.transactions.map((t) => ({ ...t, quantity: String(t.quantity) })))).toEqual(
        expected.transactions,
      );
    }
    expect(response.body.find((dto) => dto.portfolio_id === port(1))!.transactions.length).toBeGreaterThan(0);

    const [rebalanceId] = [...rebalanceIds];
    // The body stays a bare list (the portal reads it so); the rebalance is linked from a header.
    expect(response.headers.get("link")).toBe(`</api/v1/rebalance/${rebalanceId}>; rel="related"`);
    const stored = await fleet.api.request<RebalanceWire>("GET", `/api/v1/rebalance/${rebalanceId}`);
    expect(stored.body).toMatchObject({
      status: "completed",
      number_of_portfolios: 5,
      progress: { completed: 5, queued: 0, running: 0 },
    });
    const after = await fleet.api.request<ModelWire>("GET", `/api/v1/model/${model.model_id}`);
    expect(after.body.last_rebalance_date).toBe(stored.body.completed_at);
  });

  it("answers the portfolio endpoint with one RebalanceDTO object, not a list (the original's behaviour)", async () => {
    const response = await fleet.api.request<RebalanceDtoWire>("POST", `/api/v1/portfolio/${port(3)}/rebalance`, {
      body: {},
    });
    expect(response.status).toBe(200);
    expect(Array.isArray(response.body)).toBe(false);
    expect(response.body).toMatchObject({ portfolio_id: port(3), portfolio_name: "Gamma", status: "completed" });
    expect(bySecurity(response.body.drifts)).toEqual(expectedFor(port(3)).drifts);
  });

  it("streams a model's answer (no Content-Length) in submission order, quantities as numbers and drifts as exact strings", async () => {
    const submissionOrder = [port(4), port(2), port(1)];
    const unsorted = await createRebalanceModel(fleet.api, submissionOrder);
    const response = await fleet.api.request<RebalanceDtoWire[]>(
      "POST",
      `/api/v1/model/${unsorted.model_id}/rebalance`,
    );
    expect(response.status, response.text).toBe(200);
    expect(response.headers.get("content-length")).toBeNull();
    expect(response.headers.get("transfer-encoding")).toBe("chunked");
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.body.map((dto) => dto.portfolio_id)).toEqual(submissionOrder);
    const [first] = response.body;
    expect(response.headers.get("link")).toBe(`</api/v1/rebalance/${first!.rebalance_id}>; rel="related"`);
    const exact = /^-?\d+(\.\d+)?$/;
    for (const dto of response.body) {
      expect(dto).toMatchObject({ rebalance_id: first!.rebalance_id, status: "completed", error: null });
      for (const t of dto.transactions) expect(typeof t.quantity).toBe("number");
      for (const drift of dto.drifts)
        for (const key of ["original_quantity", "adjusted_quantity", "target", "high_drift", "low_drift", "actual"])
          expect(drift[key as keyof typeof drift]).toMatch(exact);
      expect(bySecurity(dto.drifts)).toEqual(expectedFor(dto.portfolio_id, unsorted.model_id).drifts);
    }
  });

  it("answers 202 with the Location of the status view when Prefer: wait runs out first", async () => {
    await fleet.simulators.setFaults("accounting", { latency_ms: 1_500 });
    try {
      const response = await fleet.api.request<AcceptedWire>("POST", `/api/v1/portfolio/${port(2)}/rebalance`, {
        headers: { prefer: "wait=1" },
      });
      expect(response.status).toBe(202);
      expect(response.headers.get("location")).toBe(`/api/v1/rebalance/${response.body.rebalance_id}/status`);
      expect(response.headers.get("preference-applied")).toBeNull();
      await waitForRebalance(fleet.api, response.body.rebalance_id);
    } finally {
      await fleet.simulators.clearFaults();
    }
  });
});

describe("asynchronous mode", () => {
  let accepted: AcceptedWire;

  it("answers 202 at once with Location (the status view), Preference-Applied and links, then the served results equal the optimizer's, digit for digit", async () => {
    const response = await fleet.api.request<AcceptedWire>("POST", `/api/v1/model/${model.model_id}/rebalance`, {
      headers: { prefer: "respond-async", "x-request-id": "req-async-model" },
    });
    expect(response.status).toBe(202);
    expect(response.headers.get("preference-applied")).toBe("respond-async");
    accepted = response.body;
    expect(accepted).toMatchObject({
      status: "queued",
      number_of_portfolios: 5,
      links: {
        self: `/api/v1/rebalance/${accepted.rebalance_id}/status`,
        document: `/api/v1/rebalance/${accepted.rebalance_id}`,
      },
    });
    expect(response.headers.get("location")).toBe(accepted.links.self);

    const finished = await waitForRebalance(fleet.api, accepted.rebalance_id);
    expect(finished.status).toBe("completed");
    const served = await fleet.api.request("GET", accepted.links.document);
    const document = parseExact(served.text) as { portfolios: ExactPortfolio[] };
    expect(document.portfolios.map((p) => p.portfolio_id)).toEqual(PORTFOLIOS);
    for (const portfolio of document.portfolios) {
      const expected = expectedFor(portfolio.portfolio_id);
      expect(portfolio).toMatchObject({
        status: "completed",
        error: null,
        portfolio_name: DATASET.portfolios.find((p) => p.portfolio_id === portfolio.portfolio_id)!.name,
        market_value: formatDecimal(expected.result.marketValue),
        cash_before_rebalance: formatDecimal(expected.result.cashBefore),
        cash_after_rebalance: formatDecimal(expected.result.cashAfter),
      });
      expect(bySecurity(portfolio.positions)).toEqual(expected.positions);
      expect(bySecurity(portfolio.transactions)).toEqual(expected.transactions);
    }
  });

  it("embeds every portfolio by default and as many as portfolio_limit asks (0: status and progress only), and refuses a bad limit", async () => {
    const light = await fleet.api.request<RebalanceWire>(
      "GET",
      `/api/v1/rebalance/${accepted.rebalance_id}?portfolio_limit=0`,
    );
    expect(light.status).toBe(200);
    expect(light.body).toMatchObject({ status: "completed", portfolios: [], progress: { completed: 5 } });
    const full = await fleet.api.request<RebalanceWire>("GET", `/api/v1/rebalance/${accepted.rebalance_id}`);
    expect(full.body.portfolios).toHaveLength(5);
    expect({ ...light.body, portfolios: full.body.portfolios }).toEqual(full.body);
    const two = await fleet.api.request<RebalanceWire>(
      "GET",
      `/api/v1/rebalance/${accepted.rebalance_id}?portfolio_limit=2`,
    );
    expect(two.body.portfolios).toEqual(full.body.portfolios.slice(0, 2));
    const status = await fleet.api.request<RebalanceStatusWire>(
      "GET",
      `/api/v1/rebalance/${accepted.rebalance_id}/status`,
    );
    expect({ ...status.body, portfolios: full.body.portfolios }).toEqual(full.body);
    expect(
      expectProblem(
        await fleet.api.request("GET", `/api/v1/rebalance/${accepted.rebalance_id}?portfolio_limit=-1`),
        400,
      ).detail,
    ).toMatch(/portfolio_limit/);
    expect(
      expectProblem(await fleet.api.request("GET", `/api/v1/rebalance/${accepted.rebalance_id}?limit=1`), 400).detail,
    ).toMatch(/limit/);
  });

  it("serves the portfolios paged with X-Total-Count, and one portfolio's positions", async () => {
    const page = await fleet.api.request<RebalanceWire["portfolios"]>(
      "GET",
      `/api/v1/rebalance/${accepted.rebalance_id}/portfolios?offset=1&limit=2`,
    );
    expect(page.headers.get("x-total-count")).toBe("5");
    expect(page.body.map((p) => p.portfolio_id)).toEqual(PORTFOLIOS.slice(1, 3));
    const positions = await fleet.api.request<Array<{ security_id: string }>>(
      "GET",
      `/api/v1/rebalance/${accepted.rebalance_id}/portfolio/${port(6)}/positions`,
    );
    expect(positions.status).toBe(200);
    expect(bySecurity(parseExact(positions.text) as Array<{ security_id: string }>)).toEqual(
      expectedFor(port(6)).positions,
    );
    expectProblem(
      await fleet.api.request("GET", `/api/v1/rebalance/${accepted.rebalance_id}/portfolio/${port(5)}/positions`),
      404,
    );
  });

  it("lists whole rebalance documents newest first with X-Total-Count (summaries on request), and finds them by portfolio", async () => {
    const list = await fleet.api.request<RebalanceWire[]>("GET", "/api/v1/rebalances?limit=2&sort_by=-rebalance_date");
    expect(Number(list.headers.get("x-total-count"))).toBeGreaterThanOrEqual(4);
    expect(list.body[0]!.rebalance_id).toBe(accepted.rebalance_id);
    expect(list.body[0]!.portfolios.map((p) => p.portfolio_id)).toEqual(PORTFOLIOS);
    const summaries = await fleet.api.request<RebalanceStatusWire[]>("GET", "/api/v1/rebalances?limit=2&summary=true");
    expect(summaries.body[0]).not.toHaveProperty("portfolios");
    expect(summaries.body.map((r) => r.rebalance_id)).toEqual(list.body.map((r) => r.rebalance_id));
    expectProblem(await fleet.api.request("GET", "/api/v1/rebalances?limit=101"), 400);
    expectProblem(await fleet.api.request("GET", "/api/v1/rebalances?sort_by=colour"), 400);
    const touching = await fleet.api.request<Array<{ rebalance_id: string }>>("POST", "/api/v1/rebalances/portfolios", {
      body: { portfolios: [port(6)] },
    });
    expect(touching.headers.get("x-total-count")).toBe("2");
    expect(touching.body.map((r) => r.rebalance_id)).toContain(accepted.rebalance_id);
  });

  it("carries the request id into every job's log lines", () => {
    const lines = fleet.workers
      .flatMap((w) => w.output().split("\n"))
      .filter((line) => line.includes("portfolio job finished") && line.includes("req-async-model"));
    expect(lines).toHaveLength(5);
    for (const line of lines)
      expect(JSON.parse(line)).toMatchObject({ request_id: "req-async-model", rebalance_id: accepted.rebalance_id });
  });

  it("deletes a finished rebalance only with its current version", async () => {
    const current = await fleet.api.request<RebalanceWire>("GET", `/api/v1/rebalance/${accepted.rebalance_id}`);
    const stale = expectProblem(
      await fleet.api.request(
        "DELETE",
        `/api/v1/rebalance/${accepted.rebalance_id}?version=${current.body.version + 1}`,
      ),
      409,
    );
    expect(stale.current_version).toBe(current.body.version);
    expect(
      (await fleet.api.request("DELETE", `/api/v1/rebalance/${accepted.rebalance_id}?version=${current.body.version}`))
        .status,
    ).toBe(204);
    expectProblem(await fleet.api.request("GET", `/api/v1/rebalance/${accepted.rebalance_id}`), 404);
  });

  it("keeps the portfolios in the order they were submitted (the model's), embedded and paged, as the document says", async () => {
    const unsorted = await createRebalanceModel(fleet.api, [port(6), port(1), port(4)]);
    const submitted = await fleet.api.request<AcceptedWire>("POST", `/api/v1/model/${unsorted.model_id}/rebalance`, {
      headers: { prefer: "respond-async" },
    });
    const finished = await waitForRebalance(fleet.api, submitted.body.rebalance_id);
    expect(finished.portfolios.map((p) => p.portfolio_id)).toEqual([port(6), port(1), port(4)]);
    const page = await fleet.api.request<RebalanceWire["portfolios"]>(
      "GET",
      `/api/v1/rebalance/${submitted.body.rebalance_id}/portfolios?offset=1&limit=2`,
    );
    expect(page.body.map((p) => p.portfolio_id)).toEqual([port(1), port(4)]);

    const document = (await fleet.api.request<OpenApiText>("GET", "/openapi.json")).body;
    const texts = [
      document.paths["/api/v1/rebalance/{rebalance_id}/portfolios"]!.get!.summary,
      document.paths["/api/v1/rebalance/{rebalance_id}"]!.get!.parameters!.find((p) => p.name === "portfolio_limit")!
        .description,
      document.components.schemas["Rebalance"]!.properties!["portfolios"]!.description,
    ];
    for (const text of texts) {
      expect(text).toContain("submission order");
      expect(text).not.toMatch(/by id|id order/);
    }
  });
});

describe("submission errors", () => {
  it("answers 404 for an unknown model and for a portfolio no model holds, and 200 [] for a model without portfolios (the original's behaviour)", async () => {
    expectProblem(await fleet.api.request("POST", `/api/v1/model/${UNKNOWN_MODEL_ID}/rebalance`), 404);
    expect(
      expectProblem(await fleet.api.request("POST", `/api/v1/portfolio/${"Z".repeat(24)}/rebalance`), 404).detail,
    ).toContain("No model holds portfolio");
    const empty = await createRebalanceModel(fleet.api, []);
    const nothing = await fleet.api.request("POST", `/api/v1/model/${empty.model_id}/rebalance`);
    expect([nothing.status, nothing.body]).toEqual([200, []]);
    expectProblem(
      await fleet.api.request("POST", `/api/v1/model/${model.model_id}/rebalance`, { body: { extra: 1 } }),
      400,
    );
  });
});

describe("a portfolio in several models", () => {
  it("is rebalanced against the oldest model holding it, as the document says", async () => {
    const newer = await createRebalanceModel(fleet.api, [port(2)]);
    const response = await fleet.api.request<AcceptedWire>("POST", `/api/v1/portfolio/${port(2)}/rebalance`, {
      headers: { prefer: "respond-async" },
    });
    expect(response.status).toBe(202);
    const finished = await waitForRebalance(fleet.api, response.body.rebalance_id);
    expect(finished.model_id).toBe(model.model_id);
    expect(finished.model_id).not.toBe(newer.model_id);
    const document = (await fleet.api.request<OpenApiText>("GET", "/openapi.json")).body;
    expect(document.paths["/api/v1/portfolio/{portfolio_id}/rebalance"]!.post!.description).toContain(
      "the oldest model holding it",
    );
  });
});

describe("operations", () => {
  it("reports Redis in readiness and serves Bull Board read-only to loopback clients", async () => {
    const ready = await fleet.api.request("GET", "/health/ready");
    expect(ready.body).toMatchObject({ status: "up", checks: { redis: { status: "up" }, mongodb: { status: "up" } } });
    const board = await fetch(`${fleet.api.baseUrl}/admin/queues`);
    expect(board.status).toBe(200);
    expect(await board.text()).toContain("<html");
    const queues = (await (await fetch(`${fleet.api.baseUrl}/admin/queues/api/queues`)).json()) as {
      queues: Array<{ name: string; readOnlyMode: boolean }>;
    };
    expect(queues.queues.map((q) => q.name).sort()).toEqual([
      "fleet-maintenance",
      "rebalance-finalizer",
      "rebalance-portfolios",
      "webhook-deliveries",
    ]);
    expect(queues.queues.every((q) => q.readOnlyMode)).toBe(true);
  });
});
