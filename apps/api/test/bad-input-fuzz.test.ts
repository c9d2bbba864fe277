// A generated, bounded fuzz of EVERY operation of the live OpenAPI document (SPEC §3: bad input is a 4xx
// problem, never a 5xx): random path ids (bad percent-encodings among them), query strings, JSON and
// non-JSON bodies, content types and encodings. Every answer must be below 500 and documented (the
// response validator), and the stored models, rebalances and webhook endpoints must be unchanged.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApi, type ApiHandle } from "./support/api-process.js";
import { createModel, portfolioId, position } from "./support/fixtures.js";
import { requestTo } from "./support/fuzz-requests.js";
import { createResponseValidator, type ResponseValidator } from "./support/openapi-validator.js";
import { operationsOf, type DocumentedOperation } from "./support/operations.js";
import { rawRequest } from "./support/raw-request.js";

/** Requests per operation: ~35 operations × 12 stay within a few seconds on a busy 2-core machine. */
const RUNS_PER_OPERATION = 12;

let api: ApiHandle;
let operations: DocumentedOperation[];
let validate: ResponseValidator;

beforeAll(async () => {
  api = await startApi("bad_input_fuzz");
  await createModel(api, { positions: [position(1, "0.1")], portfolios: [portfolioId(1)] });
  const document = (await api.request<Parameters<typeof createResponseValidator>[0]>("GET", "/openapi.json")).body;
  operations = operationsOf(document);
  validate = createResponseValidator(document);
});
afterAll(async () => {
  await api?.stop();
});

async function storedData(): Promise<unknown[]> {
  const reads = ["/api/v1/models?sort_by=model_id", "/api/v1/rebalances?limit=100", "/api/v1/webhook-endpoints"];
  return Promise.all(reads.map(async (path) => (await api.request("GET", path)).body));
}

describe("fuzz of every documented operation", () => {
  it("never answers 5xx, answers only what the document says, and changes no stored data", async () => {
    expect(operations.length).toBeGreaterThan(25);
    const before = await storedData();
    const seen = new Map<string, number>();
    for (const operation of operations) {
      await fc.assert(
        fc.asyncProperty(requestTo(operation), async (request) => {
          const response = await rawRequest(api.baseUrl, request);
          const where = `${request.method} ${request.path} ${JSON.stringify(request.headers)}`;
          expect(response.status, `${where} -> ${JSON.stringify(response.body)}`).toBeLessThan(500);
          validate({ ...response, method: request.method, path: request.path.split("?")[0]! });
          const key = `${response.status}`;
          seen.set(key, (seen.get(key) ?? 0) + 1);
        }),
        { numRuns: RUNS_PER_OPERATION },
      );
    }
    expect(await storedData()).toEqual(before);
    // The fuzz reached past the first checks too, not only 400s.
    expect([...seen.keys()]).toEqual(expect.arrayContaining(["200", "400", "404", "415"]));
  });
});
