// SPEC §5.4–§5.5 guards over HTTP with two worker processes: Idempotency-Key, the one-active-rebalance
// rule (409), the model snapshot, DELETE while running, callback_url checks, Bull Board basic auth, and
// the synchronous failure answers (422 infeasible single portfolio, 503 naming the service on fail-fast).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort, parseExact } from "@ogs/test-support";
import { startApi, type ApiResponse } from "./support/api-process.js";
import { expectProblem, type ModelWire, type ProblemWire } from "./support/fixtures.js";
import {
  createRebalanceModel,
  MODEL_POSITIONS,
  port,
  startFleet,
  waitForRebalance,
  type AcceptedWire,
  type Fleet,
  type RebalanceDtoWire,
  type RebalanceWire,
} from "./support/rebalance-fleet.js";

const SECRET = `whsec_${Buffer.alloc(32, 9).toString("base64")}`;
const ADMIN = { user: "ops", password: "s3cret-pass" };
const ASYNC = { prefer: "respond-async" };
let fleet: Fleet;

beforeAll(async () => {
  fleet = await startFleet(
    "rebalance_guards",
    { BREAKER_OPEN_MS: "200" },
    {
      WEBHOOK_SECRET: SECRET,
      WEBHOOK_ALLOWED_CIDRS: "127.0.0.0/8",
      ADMIN_USER: ADMIN.user,
      ADMIN_PASSWORD: ADMIN.password,
      SYNC_WAIT_MS: "30000",
    },
  );
});
afterAll(async () => {
  await fleet?.stop();
});

async function totalRebalances(): Promise<number> {
  return Number((await fleet.api.request("GET", "/api/v1/rebalances")).headers.get("x-total-count"));
}

describe("Idempotency-Key", () => {
  it("returns the original rebalance for the same key and request, without new jobs, and 422 for another request", async () => {
    const model = await createRebalanceModel(fleet.api, [port(1)]);
    const other = await createRebalanceModel(fleet.api, [port(3)]);
    const before = await totalRebalances();
    const headers = { ...ASYNC, "idempotency-key": `key-${model.model_id}` };
    const first = await fleet.api.request<AcceptedWire>("POST", `/api/v1/model/${model.model_id}/rebalance`, {
      headers,
    });
    await waitForRebalance(fleet.api, first.body.rebalance_id);
    const again = await fleet.api.request<AcceptedWire>("POST", `/api/v1/model/${model.model_id}/rebalance`, {
      headers,
    });
    expect(again.status).toBe(202);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body.rebalance_id).toBe(first.body.rebalance_id);
    expect(await totalRebalances()).toBe(before + 1);
    const jobsSeen = fleet.workers
      .flatMap((w) => w.output().split("\n"))
      .filter((line) => line.includes("portfolio job finished") && line.includes(first.body.rebalance_id));
    expect(jobsSeen).toHaveLength(1);
    const reused = expectProblem(
      await fleet.api.request("POST", `/api/v1/model/${other.model_id}/rebalance`, { headers }),
      422,
    );
    expect(reused.rule).toBe("idempotency-key-reused");
    expectProblem(
      await fleet.api.request("POST", `/api/v1/model/${model.model_id}/rebalance`, {
        headers: { ...ASYNC, "idempotency-key": "bad key with spaces" },
      }),
      400,
    );
  });

  it("returns the original rebalance even after the model lost its portfolios and was deleted", async () => {
    const model = await createRebalanceModel(fleet.api, [port(4)]);
    const headers = { ...ASYNC, "idempotency-key": `changed-${model.model_id}` };
    const first = await fleet.api.request<AcceptedWire>("POST", `/api/v1/model/${model.model_id}/rebalance`, {
      headers,
    });
    expect(first.status).toBe(202);
    await waitForRebalance(fleet.api, first.body.rebalance_id);
    const emptied = await fleet.api.request<ModelWire>("DELETE", `/api/v1/model/${model.model_id}/portfolio`, {
      body: { portfolios: [port(4)] },
    });
    expect(emptied.body.portfolios).toEqual([]);
    const replay = await fleet.api.request<AcceptedWire>("POST", `/api/v1/model/${model.model_id}/rebalance`, {
      headers,
    });
    expect(replay.status, JSON.stringify(replay.body)).toBe(202);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body.rebalance_id).toBe(first.body.rebalance_id);
    expect(
      (await fleet.api.request("DELETE", `/api/v1/model/${model.model_id}?version=${emptied.body.version}`)).status,
    ).toBe(204);
    const afterDelete = await fleet.api.request<AcceptedWire>("POST", `/api/v1/model/${model.model_id}/rebalance`, {
      headers,
    });
    expect(afterDelete.status).toBe(202);
    expect(afterDelete.body.rebalance_id).toBe(first.body.rebalance_id);
    // The key still refuses another request.
    expect(
      expectProblem(await fleet.api.request("POST", `/api/v1/portfolio/${port(4)}/rebalance`, { headers }), 422).rule,
    ).toBe("idempotency-key-reused");
  });
});

describe("a rebalance in flight", () => {
  let model: ModelWire;
  let running: AcceptedWire;

  beforeAll(async () => {
    model = await createRebalanceModel(fleet.api, [port(2), port(6)]);
    // Slow accounting keeps the rebalance running while the guards are exercised.
    await fleet.simulators.setFaults("accounting", { latency_ms: 2_500 });
    running = (
      await fleet.api.request<AcceptedWire>("POST", `/api/v1/model/${model.model_id}/rebalance`, { headers: ASYNC })
    ).body;
  });

  it("refuses an overlapping submission with 409 naming the active rebalance", async () => {
    const problem = expectProblem(
      await fleet.api.request("POST", `/api/v1/portfolio/${port(6)}/rebalance`, { headers: ASYNC }),
      409,
    );
    expect(problem.detail).toContain(running.rebalance_id);
    expect(problem.detail).toContain(port(6));
  });

  it("refuses to delete it while it runs", async () => {
    const current = await fleet.api.request<RebalanceWire>("GET", `/api/v1/rebalance/${running.rebalance_id}`);
    expect(["queued", "running"]).toContain(current.body.status);
    expect(
      expectProblem(
        await fleet.api.request("DELETE", `/api/v1/rebalance/${running.rebalance_id}?version=${current.body.version}`),
        409,
      ).detail,
    ).toMatch(/still (queued|running)/);
  });

  it("uses the model snapshot taken at submission when the model is edited meanwhile", async () => {
    const edited = MODEL_POSITIONS.map((p) => ({ ...p, target: "0.05", low_drift: "0.01", high_drift: "0.01" }));
    const put = await fleet.api.request<ModelWire>("PUT", `/api/v1/model/${model.model_id}`, {
      body: { name: model.name, positions: edited, portfolios: model.portfolios, version: model.version },
    });
    expect(put.status).toBe(200);
    await fleet.simulators.clearFaults();
    const finished = await waitForRebalance(fleet.api, running.rebalance_id);
    expect(finished.status).toBe("completed");
    const served = parseExact((await fleet.api.request("GET", `/api/v1/rebalance/${running.rebalance_id}`)).text) as {
      portfolios: Array<{ positions: Array<Record<string, string>> }>;
    };
    expect(served.portfolios).toHaveLength(finished.portfolios.length);
    for (const portfolio of served.portfolios) {
      const targets = Object.fromEntries(
        portfolio.positions
          .filter((p) => p.target !== "0")
          .map((p) => [p.security_id, [p.target, p.low_drift, p.high_drift]]),
      );
      expect(targets).toEqual(
        Object.fromEntries(MODEL_POSITIONS.map((p) => [p.security_id, [p.target, p.low_drift, p.high_drift]])),
      );
    }
  });
});

describe("callback_url", () => {
  it("answers 202 for an allowed callback and 422 for a refused one", async () => {
    const model = await createRebalanceModel(fleet.api, [port(4)]);
    const accepted = await fleet.api.request<AcceptedWire>("POST", `/api/v1/model/${model.model_id}/rebalance`, {
      body: { callback_url: "http://127.0.0.1:9/hook" },
    });
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get("preference-applied")).toBeNull();
    await waitForRebalance(fleet.api, accepted.body.rebalance_id);
    const refused = expectProblem(
      await fleet.api.request("POST", `/api/v1/model/${model.model_id}/rebalance`, {
        body: { callback_url: "http://10.1.2.3/hook" },
      }),
      422,
    );
    expect(refused.rule).toBe("webhook-url-not-allowed");
  });
});

describe("Bull Board with ADMIN_USER and ADMIN_PASSWORD", () => {
  it("asks for basic auth and lets the administrator in", async () => {
    const anonymous = await fetch(`${fleet.api.baseUrl}/admin/queues`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toContain("Basic");
    const wrong = await fetch(`${fleet.api.baseUrl}/admin/queues`, {
      headers: { authorization: `Basic ${Buffer.from(`${ADMIN.user}:nope`).toString("base64")}` },
    });
    expect(wrong.status).toBe(401);
    const admin = await fetch(`${fleet.api.baseUrl}/admin/queues/api/queues`, {
      headers: { authorization: `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString("base64")}` },
    });
    expect(admin.status).toBe(200);
    const body = (await admin.json()) as { queues: Array<{ readOnlyMode: boolean }> };
    expect(body.queues.every((q) => !q.readOnlyMode)).toBe(true);
  });
});

/**
 * A synchronous answer names its rebalance (the Link header, and a problem's extension member); the rebalance
 * is stored with `status`.
 */
async function expectRebalanceOf(response: ApiResponse, status: string): Promise<string> {
  const rebalanceId = /^<\/api\/v1\/rebalance\/([0-9a-f]{24})>; rel="related"$/.exec(
    response.headers.get("link") ?? "",
  )?.[1];
  expect(rebalanceId).toMatch(/^[0-9a-f]{24}$/);
  if (response.status !== 200)
    expect((response.body as ProblemWire & { rebalance_id?: string }).rebalance_id).toBe(rebalanceId);
  const stored = await fleet.api.request<RebalanceWire>("GET", `/api/v1/rebalance/${rebalanceId}/status`);
  expect(stored.body.status).toBe(status);
  return rebalanceId!;
}

describe("synchronous failures", () => {
  it("answers 422 'no feasible solution exists' for an infeasible single portfolio, naming the rebalance", async () => {
    await createRebalanceModel(fleet.api, [port(5)]);
    const response = await fleet.api.request("POST", `/api/v1/portfolio/${port(5)}/rebalance`);
    const problem = expectProblem(response, 422);
    expect(problem.detail).toContain("no feasible solution exists");
    expect(problem.rule).toBe("no-feasible-solution");
    await expectRebalanceOf(response, "failed");
  });

  it("answers 200 with every portfolio's RebalanceDTO, empty and marked infeasible, when none of several could be solved (the original isolates portfolio failures)", async () => {
    // A band of zero width around 0.5 % of a 10,000-a-share security: no whole number of shares fits these portfolios.
    const model = await createRebalanceModel(
      fleet.api,
      [port(1), port(2), port(3)],
      [{ security_id: MODEL_POSITIONS[4]!.security_id, target: "0.005", low_drift: "0", high_drift: "0" }],
    );
    const response = await fleet.api.request<RebalanceDtoWire[]>("POST", `/api/v1/model/${model.model_id}/rebalance`);
    expect(response.status).toBe(200);
    const rebalanceId = await expectRebalanceOf(response, "failed");
    expect(response.body).toEqual(
      [port(1), port(2), port(3)].map((portfolioId) => ({
        portfolio_id: portfolioId,
        portfolio_name: expect.any(String),
        rebalance_id: rebalanceId,
        status: "infeasible",
        error: "no feasible solution exists",
        transactions: [],
        drifts: [],
      })),
    );
  });

  it("answers 503 naming Portfolio Accounting once, with the cause, when it is down (fail-fast)", async () => {
    const model = await createRebalanceModel(fleet.api, [port(1), port(3)]);
    await fleet.simulators.setFaults("accounting", { down: true });
    try {
      const response = await fleet.api.request("POST", `/api/v1/model/${model.model_id}/rebalance`);
      const problem = expectProblem(response, 503);
      expect(problem).toMatchObject({ service: "accounting" });
      const rebalanceId = await expectRebalanceOf(response, "failed");
      expect(problem.detail).toMatch(
        new RegExp(
          `^The Portfolio Accounting service \\(accounting\\) is unavailable: GET /api/v1/portfolios/POR\\w+/summary [^:]+, so rebalance ${rebalanceId} stopped\\.$`,
        ),
      );
    } finally {
      await fleet.simulators.clearFaults();
    }
  });
});

describe("Redis unavailable", () => {
  it("answers 503 naming redis, stores the rebalance as failed and frees its portfolios; readiness is 503", async () => {
    const deadPort = await findFreePort();
    const orphan = await startApi("rebalance_no_redis", { REDIS_URL: `redis://127.0.0.1:${deadPort}` }, fleet.api.ctx);
    try {
      const model = await createRebalanceModel(orphan, [port(1)]);
      const problem = expectProblem(
        await orphan.request("POST", `/api/v1/model/${model.model_id}/rebalance`, { headers: ASYNC }),
        503,
      );
      expect(problem).toMatchObject({ service: "redis" });
      const [latest] = (
        await orphan.request<Array<{ model_id: string; status: string; error: { service: string } | null }>>(
          "GET",
          "/api/v1/rebalances",
        )
      ).body;
      expect(latest).toMatchObject({ model_id: model.model_id, status: "failed", error: { service: "redis" } });
      // The portfolio is free again: the healthy API accepts it at once.
      const accepted = await fleet.api.request<AcceptedWire>("POST", `/api/v1/model/${model.model_id}/rebalance`, {
        headers: ASYNC,
      });
      expect(accepted.status).toBe(202);
      await waitForRebalance(fleet.api, accepted.body.rebalance_id);
      const ready = await orphan.request("GET", "/health/ready");
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ checks: { redis: { status: "down" }, mongodb: { status: "up" } } });
    } finally {
      await orphan.stop();
    }
  });
});
