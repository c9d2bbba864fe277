// SPEC §7 operations: health, readiness against MongoDB, metrics by route template, OpenAPI and Swagger UI,
// CORS, request ids, and problem documents for unknown routes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort } from "@ogs/test-support";
import { startApi, type ApiHandle } from "./support/api-process.js";
import { createModel, expectProblem, UNKNOWN_MODEL_ID } from "./support/fixtures.js";
import { createResponseValidator } from "./support/openapi-validator.js";

let api: ApiHandle;
beforeAll(async () => {
  api = await startApi("operations");
});
afterAll(async () => {
  await api?.stop();
});

describe("health", () => {
  it("live, ready and health answer 200 with MongoDB up", async () => {
    expect((await api.request("GET", "/health/live")).body).toEqual({ status: "up" });
    const ready = await api.request("GET", "/health/ready");
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: "up", checks: { mongodb: { status: "up", required: true } } });
    const health = await api.request("GET", "/health/health");
    expect(health.body).toMatchObject({ checks: { mongodb: { status: "up" } } });
  });

  it("ready answers 503 and model routes answer a 503 problem while MongoDB is unreachable", async () => {
    const deadPort = await findFreePort();
    const orphan = await startApi("operations_down", {
      MONGODB_URL: `mongodb://127.0.0.1:${deadPort}`,
      MONGODB_TIMEOUT_MS: "500",
    });
    try {
      const live = await orphan.request("GET", "/health/live");
      expect(live.status).toBe(200);
      const ready = await orphan.request("GET", "/health/ready");
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({
        status: "down",
        checks: { mongodb: { status: "down", error: expect.any(String) } },
      });
      const health = await orphan.request("GET", "/health/health");
      expect(health.body).toMatchObject({ checks: { mongodb: { status: "down" } } });
      const problem = expectProblem(await orphan.request("GET", "/api/v1/models"), 503);
      expect(problem).toMatchObject({ service: "mongodb" });
    } finally {
      await orphan.stop();
    }
  });
});

describe("metrics", () => {
  it("records request durations by method, route template and status, never raw ids", async () => {
    const model = await createModel(api);
    await api.request("GET", `/api/v1/model/${model.model_id}`);
    await api.request("GET", `/api/v1/model/${UNKNOWN_MODEL_ID}`);
    await api.request("GET", "/no/such/route");
    const text = (await api.request<string>("GET", "/metrics")).body;
    expect(text).toContain(
      'ogs_http_request_duration_seconds_count{app="api",method="GET",route="/api/v1/model/:model_id",status_code="200"} 1',
    );
    expect(text).toContain(
      'ogs_http_request_duration_seconds_count{app="api",method="GET",route="/api/v1/model/:model_id",status_code="404"} 1',
    );
    expect(text).toContain(
      'ogs_http_request_duration_seconds_count{app="api",method="POST",route="/api/v1/models",status_code="201"} 1',
    );
    expect(text).toContain('route="unmatched",status_code="404"');
    expect(text).not.toContain(model.model_id);
    expect(text).toContain("ogs_process_cpu_seconds_total");
  });
});

describe("OpenAPI and Swagger UI", () => {
  it("serves an OpenAPI 3.1 document describing every model route", async () => {
    const document = (
      await api.request<{ openapi: string; paths: Record<string, Record<string, unknown>> }>("GET", "/openapi.json")
    ).body;
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths["/api/v1/models"]!).sort()).toEqual(["get", "post"]);
    expect(Object.keys(document.paths["/api/v1/model/{model_id}"]!).sort()).toEqual(["delete", "get", "put"]);
    expect(Object.keys(document.paths["/api/v1/model/{model_id}/position"]!).sort()).toEqual(["delete", "post", "put"]);
    expect(Object.keys(document.paths["/api/v1/model/{model_id}/portfolio"]!).sort()).toEqual(["delete", "post"]);
  });

  it("declares a request body on every POST and PUT, so each of them reads JSON (and answers 415 to anything else)", async () => {
    const document = (
      await api.request<{ paths: Record<string, Record<string, { requestBody?: unknown }>> }>("GET", "/openapi.json")
    ).body;
    const bodiless = Object.entries(document.paths).flatMap(([path, item]) =>
      (["post", "put"] as const)
        .filter((method) => item[method] !== undefined && item[method].requestBody === undefined)
        .map((method) => `${method} ${path}`),
    );
    expect(bodiless).toEqual([]);
  });

  it("renders Swagger UI at /docs", async () => {
    const response = await fetch(`${api.baseUrl}/docs/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("swagger-ui");
    const init = await fetch(`${api.baseUrl}/docs/swagger-ui-init.js`);
    expect(await init.text()).toContain("/api/v1/models");
  });

  it("the response validator rejects a body that breaks the document", async () => {
    const document = (await api.request<Parameters<typeof createResponseValidator>[0]>("GET", "/openapi.json")).body;
    const validate = createResponseValidator(document);
    const base = {
      method: "GET",
      path: `/api/v1/model/${UNKNOWN_MODEL_ID}`,
      status: 200,
      contentType: "application/json",
      headers: new Headers(),
    };
    expect(() => validate({ ...base, body: { model_id: 1 } })).toThrow(/does not match/);
    expect(() => validate({ ...base, status: 418, body: {} })).toThrow(/not documented/);
  });

  it("the response validator rejects a missing required header and an undocumented header of the API's own", async () => {
    const document = (await api.request<Parameters<typeof createResponseValidator>[0]>("GET", "/openapi.json")).body;
    const validate = createResponseValidator(document);
    const list = { method: "GET", path: "/api/v1/models", status: 200, contentType: "application/json", body: [] };
    expect(() => validate({ ...list, headers: new Headers({ "x-total-count": "0" }) })).not.toThrow();
    expect(() => validate({ ...list, headers: new Headers() })).toThrow(/required header X-Total-Count is missing/);
    expect(() => validate({ ...list, headers: new Headers({ "x-total-count": "0", link: "</x>" }) })).toThrow(
      /header link is sent but not documented/,
    );
  });
});

describe("HTTP conventions", () => {
  it("allows every origin (CORS) and answers preflights", async () => {
    const response = await fetch(`${api.baseUrl}/api/v1/models`, { headers: { origin: "https://portal.example" } });
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    // The portal reads the headers that name a rebalance or a page: Location, Link, X-Total-Count.
    const exposed = (response.headers.get("access-control-expose-headers") ?? "")
      .split(",")
      .map((name) => name.trim().toLowerCase());
    expect(exposed).toEqual(
      expect.arrayContaining([
        "location",
        "link",
        "x-total-count",
        "preference-applied",
        "idempotent-replayed",
        "allow",
      ]),
    );
    const preflight = await fetch(`${api.baseUrl}/api/v1/models`, {
      method: "OPTIONS",
      headers: {
        origin: "https://portal.example",
        "access-control-request-method": "PUT",
        "access-control-request-headers": "content-type",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-methods")).toContain("PUT");
  });

  it("echoes a valid x-request-id, mints one otherwise, and puts it in problem documents", async () => {
    const echoed = await api.request("GET", "/health/live", { headers: { "x-request-id": "abc-123" } });
    expect(echoed.headers.get("x-request-id")).toBe("abc-123");
    const minted = await api.request("GET", `/api/v1/model/${UNKNOWN_MODEL_ID}`, {
      headers: { "x-request-id": "bad id with spaces" },
    });
    const id = minted.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(minted.body).toMatchObject({ request_id: id });
  });

  it("answers unknown routes with a 404 problem", async () => {
    expectProblem(await api.request("GET", "/api/v1/nothing"), 404);
    expectProblem(await api.request("PATCH", "/api/v1/nothing"), 404);
  });

  it.each([
    ["PATCH", "/api/v1/models", "GET, HEAD, POST"],
    ["PATCH", `/api/v1/model/${UNKNOWN_MODEL_ID}`, "GET, HEAD, PUT, DELETE"],
    ["GET", `/api/v1/model/${UNKNOWN_MODEL_ID}/portfolio`, "POST, DELETE"],
    ["POST", `/api/v1/rebalance/${UNKNOWN_MODEL_ID}/portfolios`, "GET, HEAD"],
    ["DELETE", "/api/v1/webhook-endpoints", "GET, HEAD, POST"],
    ["POST", "/metrics", "GET, HEAD"],
  ])("answers %s %s with a 405 problem and Allow: %s", async (method, path, allow) => {
    const response = await api.request(method, path, method === "GET" ? {} : { body: {} });
    const problem = expectProblem(response, 405);
    expect(response.headers.get("allow")).toBe(allow);
    expect(problem.detail).toBe(`The path ${path} answers ${allow}, not ${method}.`);
  });
});
