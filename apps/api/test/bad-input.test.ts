// The bad-input catalogue (SPEC §3): every case answers a 4xx problem with a detail sentence, never a
// 5xx, and leaves the stored models exactly as they were — badly percent-encoded path ids, bodies that do
// not match their Content-Encoding and oversized headers included, on every operation of the document.
import { gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmbeddedRedis } from "@ogs/test-support";
import { startApi, type ApiHandle, type RequestOptions } from "./support/api-process.js";
import { createModel, expectProblem, portfolioId, position, uniqueName, type ModelWire } from "./support/fixtures.js";
import { createResponseValidator, type ResponseValidator } from "./support/openapi-validator.js";
import { fillPath, operationsOf, unknownIdFor, type DocumentedOperation } from "./support/operations.js";
import { rawRequest, type RawRequest, type RawResponse } from "./support/raw-request.js";

let api: ApiHandle;
let model: ModelWire;
let before: unknown;
let operations: DocumentedOperation[];
let validate: ResponseValidator;

beforeAll(async () => {
  api = await startApi("bad_input");
  model = await createModel(api, { positions: [position(1, "0.1"), position(2, "0.2")], portfolios: [portfolioId(1)] });
  const document = (await api.request<Parameters<typeof createResponseValidator>[0]>("GET", "/openapi.json")).body;
  operations = operationsOf(document);
  validate = createResponseValidator(document);
});
afterAll(async () => {
  await api?.stop();
});

async function snapshot(): Promise<unknown> {
  return (await api.request("GET", "/api/v1/models?sort_by=model_id")).body;
}
beforeEach(async () => {
  before = await snapshot();
});
afterEach(async () => {
  expect(await snapshot()).toEqual(before);
});

const ID = () => model.model_id;
const create = (extra: Record<string, unknown>) => ({
  body: { name: uniqueName(), positions: [position(3, "0.1")], portfolios: [], ...extra },
});
/** Lazy: the model exists only once beforeAll ran. */
const replace = (extra: Record<string, unknown>) => () => ({
  body: { name: model.name, positions: [position(3, "0.1")], portfolios: [], version: model.version, ...extra },
});
const positionWith = (extra: Record<string, unknown>) => create({ positions: [{ ...position(3, "0.1"), ...extra }] });

type Case = [
  label: string,
  method: string,
  path: () => string,
  options: RequestOptions | (() => RequestOptions),
  status: number,
];

const cases: Case[] = [
  // malformed JSON
  ["malformed JSON on create", "POST", () => "/api/v1/models", { raw: '{"name": "x",' }, 400],
  ["malformed JSON on replace", "PUT", () => `/api/v1/model/${ID()}`, { raw: "{name: 'x'}" }, 400],
  ["malformed JSON on a position", "POST", () => `/api/v1/model/${ID()}/position`, { raw: "[1, 2" }, 400],
  ["a JSON scalar as the body", "POST", () => "/api/v1/models", { raw: '"just a string"' }, 400],
  ["a JSON array as the body", "POST", () => "/api/v1/models", { raw: "[]" }, 400],
  ["a JSON null body", "POST", () => "/api/v1/models", { raw: "null" }, 400],
  ["no body at all", "POST", () => "/api/v1/models", {}, 400],
  [
    "a body that is not JSON",
    "POST",
    () => "/api/v1/models",
    { raw: "name=x", headers: { "content-type": "application/x-www-form-urlencoded" } },
    415,
  ],
  // wrong types
  ["a numeric name", "POST", () => "/api/v1/models", create({ name: 42 }), 400],
  ["positions as an object", "POST", () => "/api/v1/models", create({ positions: { a: 1 } }), 400],
  ["portfolios as a string", "POST", () => "/api/v1/models", create({ portfolios: portfolioId(1) }), 400],
  ["a boolean target", "POST", () => "/api/v1/models", positionWith({ target: true }), 400],
  ["a null drift", "POST", () => "/api/v1/models", positionWith({ high_drift: null }), 400],
  ["a version given as a string", "PUT", () => `/api/v1/model/${ID()}`, replace({ version: "1" }), 400],
  ["a fractional version", "PUT", () => `/api/v1/model/${ID()}`, replace({ version: 1.5 }), 400],
  ["an empty name", "POST", () => "/api/v1/models", create({ name: "" }), 400],
  ["a blank name", "POST", () => "/api/v1/models", create({ name: "   " }), 400],
  ["a name of 201 characters", "POST", () => "/api/v1/models", create({ name: "n".repeat(201) }), 400],
  [
    "a date that is not ISO 8601",
    "PUT",
    () => `/api/v1/model/${ID()}`,
    replace({ last_rebalance_date: "yesterday" }),
    400,
  ],
  // strings that are not decimals
  ["a word as a target", "POST", () => "/api/v1/models", positionWith({ target: "ten percent" }), 400],
  ["a decimal comma", "POST", () => "/api/v1/models", positionWith({ target: "0,1" }), 400],
  ["a hexadecimal target", "POST", () => "/api/v1/models", positionWith({ target: "0x10" }), 400],
  ["an empty target string", "POST", () => "/api/v1/models", positionWith({ target: "" }), 400],
  ["a percent sign", "POST", () => "/api/v1/models", positionWith({ low_drift: "5%" }), 400],
  // NaN and Infinity
  ["NaN as a string", "POST", () => "/api/v1/models", positionWith({ target: "NaN" }), 400],
  ["Infinity as a string", "POST", () => "/api/v1/models", positionWith({ high_drift: "Infinity" }), 400],
  ["-Infinity as a string", "POST", () => "/api/v1/models", positionWith({ low_drift: "-Infinity" }), 400],
  [
    "a bare NaN token",
    "POST",
    () => "/api/v1/models",
    {
      raw: `{"name":"x","positions":[{"security_id":"${position(3).security_id}","target":NaN,"high_drift":0,"low_drift":0}]}`,
    },
    400,
  ],
  [
    "a number that overflows to Infinity",
    "POST",
    () => "/api/v1/models",
    {
      raw: `{"name":"x","positions":[{"security_id":"${position(3).security_id}","target":1e400,"high_drift":0,"low_drift":0}]}`,
    },
    400,
  ],
  // negative and huge numbers
  ["a negative target", "POST", () => "/api/v1/models", positionWith({ target: -0.005 }), 400],
  ["a negative drift", "POST", () => "/api/v1/models", positionWith({ low_drift: "-0.01" }), 400],
  ["a target above 0.95", "POST", () => "/api/v1/models", positionWith({ target: "0.955" }), 400],
  ["a drift above 1", "POST", () => "/api/v1/models", positionWith({ high_drift: 1.0001 }), 400],
  ["a huge target", "POST", () => "/api/v1/models", positionWith({ target: 1e300 }), 400],
  ["a huge target string", "POST", () => "/api/v1/models", positionWith({ target: "9".repeat(400) }), 400],
  [
    "a drift with more digits than Decimal128 holds",
    "POST",
    () => "/api/v1/models",
    positionWith({ high_drift: `0.${"1".repeat(40)}` }),
    400,
  ],
  ["a zero version", "PUT", () => `/api/v1/model/${ID()}`, replace({ version: 0 }), 400],
  ["a negative version", "PUT", () => `/api/v1/model/${ID()}`, replace({ version: -1 }), 400],
  ["a huge version", "PUT", () => `/api/v1/model/${ID()}`, replace({ version: 1e20 }), 400],
  // $-prefixed and dotted keys
  ["a $-prefixed top-level key", "POST", () => "/api/v1/models", create({ $set: { name: "x" } }), 400],
  ["a $-prefixed key inside a position", "POST", () => "/api/v1/models", positionWith({ $gt: "" }), 400],
  ["an operator object as a value", "PUT", () => `/api/v1/model/${ID()}`, replace({ name: { $ne: null } }), 400],
  ["a dotted key", "POST", () => "/api/v1/models", create({ "positions.0.target": "0.5" }), 400],
  [
    "a dotted key inside the portfolio body",
    "POST",
    () => `/api/v1/model/${ID()}/portfolio`,
    { body: { portfolios: [portfolioId(2)], "a.b": 1 } },
    400,
  ],
  // unknown keys
  ["an unknown top-level key", "POST", () => "/api/v1/models", create({ owner: "me" }), 400],
  ["an unknown key in a position", "POST", () => "/api/v1/models", positionWith({ weight: "0.1" }), 400],
  [
    "model_id in a replace body",
    "PUT",
    () => `/api/v1/model/${ID()}`,
    replace({ model_id: "0123456789abcdef01234567" }),
    400,
  ],
  [
    "an unknown key in a position change",
    "PUT",
    () => `/api/v1/model/${ID()}/position`,
    { body: { ...position(1, "0.1"), note: "x" } },
    400,
  ],
  // body size
  [
    "a 2 MiB body",
    "POST",
    () => "/api/v1/models",
    { raw: JSON.stringify({ name: "x", padding: "x".repeat(2 * 1024 * 1024) }) },
    413,
  ],
  // invalid, short and long ids
  ["a model id that is not hexadecimal", "GET", () => "/api/v1/model/zzzzzzzzzzzzzzzzzzzzzzzz", {}, 400],
  ["a short model id", "PUT", () => "/api/v1/model/abc123", replace({}), 400],
  ["a long model id", "DELETE", () => `/api/v1/model/${ID()}0?version=1`, {}, 400],
  ["a short security id", "POST", () => "/api/v1/models", positionWith({ security_id: "SEC1" }), 400],
  [
    "a long security id",
    "POST",
    () => `/api/v1/model/${ID()}/position`,
    { body: { ...position(3), security_id: `${position(3).security_id}X` } },
    400,
  ],
  [
    "a security id with punctuation",
    "POST",
    () => "/api/v1/models",
    positionWith({ security_id: "SEC-00000000000000000001" }),
    400,
  ],
  ["a short portfolio id", "POST", () => `/api/v1/model/${ID()}/portfolio`, { body: { portfolios: ["PF1"] } }, 400],
  ["a long portfolio id", "POST", () => "/api/v1/models", create({ portfolios: [`${portfolioId(1)}0`] }), 400],
  ["an empty portfolio list", "DELETE", () => `/api/v1/model/${ID()}/portfolio`, { body: { portfolios: [] } }, 400],
  // bad query values
  ["a non-numeric version in the query", "DELETE", () => `/api/v1/model/${ID()}?version=abc`, {}, 400],
  ["version 0 in the query", "DELETE", () => `/api/v1/model/${ID()}?version=0`, {}, 400],
  [
    "a fractional version in the query",
    "POST",
    () => `/api/v1/model/${ID()}/portfolio?version=1.5`,
    { body: { portfolios: [portfolioId(2)] } },
    400,
  ],
  ["a repeated version in the query", "DELETE", () => `/api/v1/model/${ID()}?version=1&version=1`, {}, 400],
  ["an unknown query parameter", "GET", () => `/api/v1/model/${ID()}?expand=all`, {}, 400],
  ["an unknown query parameter on create", "POST", () => "/api/v1/models?dry_run=true", create({}), 400],
  ["a huge limit", "GET", () => "/api/v1/models?limit=99999999999999999999", {}, 400],
];

describe("bad input", () => {
  it.each(cases)("rejects %s with a 4xx problem and changes nothing", async (_label, method, path, options, status) => {
    const response = await api.request(method, path(), typeof options === "function" ? options() : options);
    expect(response.status).toBeLessThan(500);
    expectProblem(response, status);
  });
});

/** The largest paging number: MongoDB's skip and limit are 32-bit integers. */
const PAGING_MAX = 2_147_483_647;

describe("paging numbers above 2147483647", () => {
  it.each([
    ["GET", "/api/v1/models?offset=2147483648", "offset"],
    ["GET", "/api/v1/models?limit=2147483648", "limit"],
    ["GET", "/api/v1/models?offset=99999999999999999999", "offset"],
    ["GET", "/api/v1/rebalances?offset=2147483648", "offset"],
    ["GET", "/api/v1/webhook-endpoints?offset=2147483648", "offset"],
    ["GET", "/api/v1/rebalance/0123456789abcdef01234567/portfolios?offset=2147483648", "offset"],
  ])("%s %s is a 400 naming %s", async (method, path, field) => {
    const problem = expectProblem(await api.request(method, path), 400);
    expect(problem.errors).toEqual([{ field, message: `must be at most ${PAGING_MAX}` }]);
    expect(problem.detail).toContain(`${field}: must be at most ${PAGING_MAX}`);
  });

  it("accepts 2147483647 itself", async () => {
    const rebalances = await api.request<unknown[]>("GET", `/api/v1/rebalances?offset=${PAGING_MAX}`);
    expect(rebalances.status).toBe(200);
    expect(rebalances.body).toEqual([]);
    const endpoints = await api.request<unknown[]>("GET", `/api/v1/webhook-endpoints?offset=${PAGING_MAX}`);
    expect(endpoints.status).toBe(200);
    const models = await api.request<unknown[]>("GET", `/api/v1/models?limit=${PAGING_MAX}`);
    expect(models.status).toBe(200);
    expect(models.body).toHaveLength(Number(models.headers.get("x-total-count")));
  });
});

describe("DELETE without version", () => {
  it.each([
    ["a model", () => `/api/v1/model/${ID()}`],
    ["a rebalance", () => "/api/v1/rebalance/0123456789abcdef01234567"],
  ])("says the version of %s is required", async (_label, path) => {
    const problem = expectProblem(await api.request("DELETE", path()), 400);
    expect(problem.errors).toEqual([{ field: "version", message: "is required" }]);
    expect(problem.detail).toBe("The request query is invalid: version: is required.");
  });

  it("still says a repeated version must be a single integer", async () => {
    const problem = expectProblem(await api.request("DELETE", `/api/v1/model/${ID()}?version=1&version=2`), 400);
    expect(problem.errors).toEqual([{ field: "version", message: "must be a single integer" }]);
  });
});

describe("callback_url while WEBHOOK_SECRET is unset", () => {
  const submit = (callback_url: string) =>
    api.request("POST", `/api/v1/model/${ID()}/rebalance`, { body: { callback_url } });

  it("refuses a URL with a bad scheme for its scheme, before saying the secret is missing", async () => {
    const problem = expectProblem(await submit("ftp://x"), 422);
    expect(problem.rule).toBe("webhook-url-not-allowed");
    expect(problem.detail).toMatch(/must use http or https, not ftp/);
  });

  it("refuses an acceptable URL because no WEBHOOK_SECRET can sign the event", async () => {
    const problem = expectProblem(await submit("http://93.184.216.34/hook"), 422);
    expect(problem.rule).toBe("webhook-secret-not-configured");
  });
});

describe("request bodies where none is expected", () => {
  const text = { raw: "not json", headers: { "content-type": "text/plain" } };

  it("ignores a body on a DELETE that takes none, whatever its type", async () => {
    const fresh = await createModel(api);
    expect((await api.request("DELETE", `/api/v1/model/${fresh.model_id}?version=1`, text)).status).toBe(204);
    expectProblem(await api.request("DELETE", "/api/v1/rebalance/0123456789abcdef01234567?version=1", text), 404);
    expectProblem(await api.request("DELETE", "/api/v1/webhook-endpoints/0123456789abcdef01234567", text), 404);
  });

  it.each([
    ["DELETE", () => `/api/v1/model/${ID()}/position`],
    ["DELETE", () => `/api/v1/model/${ID()}/portfolio`],
    ["PUT", () => `/api/v1/model/${ID()}`],
    ["POST", () => `/api/v1/model/${ID()}/rebalance`],
    ["POST", () => "/api/v1/webhook-endpoints/0123456789abcdef01234567/test"],
    ["POST", () => "/api/v1/webhook-deliveries/0123456789abcdef01234567/redeliver"],
  ])("still answers 415 to a body that is not JSON on %s %s, which takes one", async (method, path) => {
    expectProblem(await api.request(method, path(), text), 415);
  });
});

/** A raw request whose answer is checked against the document like every api.request. */
async function sendRaw(request: RawRequest): Promise<RawResponse> {
  const response = await rawRequest(api.baseUrl, request);
  validate({ ...response, method: request.method, path: request.path.split("?")[0]! });
  return response;
}

describe("a path parameter that is not valid percent-encoding", () => {
  const BAD_ENCODINGS = ["%ZZ", "%", "abc%4", "%E0%A4%A", "%C0%AF", "%FF", "%ED%A0%80"];

  it("is a 400 naming the parameter on every operation with one", async () => {
    const withParams = operations.filter(({ params }) => params.length > 0);
    expect(withParams.length).toBeGreaterThan(10);
    for (const { method, template, params } of withParams) {
      for (const [index, param] of params.entries()) {
        const bad = BAD_ENCODINGS[index % BAD_ENCODINGS.length]!;
        const path = fillPath(template, (name) => (name === param ? bad : unknownIdFor(name)));
        const response = await sendRaw({ method, path, headers: { "content-type": "application/json" }, body: "{}" });
        const problem = expectProblem(response, 400);
        expect(problem.errors, `${method} ${path}`).toEqual([{ field: param, message: expect.any(String) }]);
        expect(problem.detail).toContain(`path is invalid: ${param}:`);
      }
    }
  });

  it.each(BAD_ENCODINGS)("GET /api/v1/model/%s is a 400 naming model_id", async (bad) => {
    const problem = expectProblem(await sendRaw({ method: "GET", path: `/api/v1/model/${bad}` }), 400);
    expect(problem.errors).toEqual([{ field: "model_id", message: expect.stringContaining("percent-encoding") }]);
  });

  it("still decodes a valid escape (an id that is then checked as usual)", async () => {
    expectProblem(await sendRaw({ method: "GET", path: "/api/v1/model/%41%42" }), 400);
    expect((await sendRaw({ method: "GET", path: `/api/v1/model/${encodeURIComponent(ID())}` })).status).toBe(200);
  });
});

describe("a body that does not match its Content-Encoding", () => {
  const bodyOperations = () => operations.filter(({ takesBody }) => takesBody);
  const json = { "content-type": "application/json" };
  const gzipped = gzipSync(Buffer.from('{"a":1}'));

  it.each([
    ["gzip", '{"a":1}'],
    ["deflate", '{"a":1}'],
    ["br", '{"a":1}'],
    ["gzip", gzipped.subarray(0, gzipped.length - 6)],
  ] as const)("is a 400 on every operation with a body (%s)", async (encoding, body) => {
    expect(bodyOperations().length).toBeGreaterThan(8);
    for (const { method, template } of bodyOperations()) {
      const path = fillPath(template, unknownIdFor);
      const response = await sendRaw({ method, path, headers: { ...json, "content-encoding": encoding }, body });
      const problem = expectProblem(response, 400);
      expect(problem.type, `${method} ${path}`).toBe("/problems/malformed-body-encoding");
    }
  });

  it.each(["x-unknown", "compress", "gzip, br", "identity;q=1"])(
    "is a 415 naming the encoding as unsupported (%s) on every operation with a body",
    async (encoding) => {
      for (const { method, template } of bodyOperations()) {
        const path = fillPath(template, unknownIdFor);
        const response = await sendRaw({
          method,
          path,
          headers: { ...json, "content-encoding": encoding },
          body: "{}",
        });
        expect(expectProblem(response, 415).type, `${method} ${path}`).toBe("/problems/unsupported-encoding");
      }
    },
  );

  it("reads a gzip body that is one (here, a model whose name is not a string: a 400 about the name)", async () => {
    const body = gzipSync(Buffer.from(JSON.stringify({ name: 42, positions: [], portfolios: [] })));
    const response = await sendRaw({
      method: "POST",
      path: "/api/v1/models",
      headers: { ...json, "content-encoding": "gzip" },
      body,
    });
    expect(expectProblem(response, 400).errors).toEqual([{ field: "name", message: "must be a string" }]);
  });
});

describe("oversized request headers", () => {
  it.each([
    [
      "a 100 kB path with a body",
      { method: "POST", path: `/api/v1/models/${"a".repeat(100_000)}`, body: "x".repeat(50_000) },
    ],
    ["a 100 kB path without a body", { method: "GET", path: `/api/v1/model/${"a".repeat(100_000)}` }],
    ["a 40 kB header", { method: "GET", path: "/api/v1/models", headers: { "x-padding": "p".repeat(40_000) } }],
  ] as const)("%s answers a 431 problem, not a reset connection", async (_label, request) => {
    const response = await rawRequest(api.baseUrl, {
      ...request,
      headers: { "content-type": "application/json", ...("headers" in request ? request.headers : {}) },
    });
    expect(response.status).toBe(431);
    expect(response.contentType).toBe("application/problem+json");
    expect(response.body).toMatchObject({ status: 431, type: "/problems/request-header-fields-too-large" });
    expect((await api.request("GET", "/health/live")).status).toBe(200);
  });
});

describe("Bull Board while Redis is down", () => {
  it("answers a 503 problem naming Redis, not a 500", async () => {
    const redis = await startEmbeddedRedis();
    const board = await startApi("bad_input_board", { REDIS_URL: redis.url });
    const queues = () => rawRequest(board.baseUrl, { method: "GET", path: "/admin/queues/api/queues" });
    try {
      expect((await queues()).status).toBe(200);
      await redis.stop();
      const down = await queues();
      expect(down.status).toBe(503);
      expect(down.contentType).toContain("application/problem+json");
      expect(down.body).toMatchObject({ status: 503, service: "redis", detail: expect.stringMatching(/^Redis .*\.$/) });
    } finally {
      await board.stop();
      await redis.stop();
    }
  });
});
