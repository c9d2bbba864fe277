// GET /api/v1/models paging and sorting (SPEC §4.3), including every 400 case, against the real store.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApi, type ApiHandle } from "./support/api-process.js";
import { createModel, expectProblem, type ModelWire } from "./support/fixtures.js";

let api: ApiHandle;
let created: ModelWire[];
const names = ["delta", "alpha", "echo", "charlie", "bravo"];
/** Last rebalance dates for delta, alpha, echo, charlie, bravo (null = never). */
const dates = [null, "2024-03-01T00:00:00.000Z", null, "2024-01-01T00:00:00.000Z", "2024-02-01T00:00:00.000Z"];

beforeAll(async () => {
  api = await startApi("models_list");
  created = [];
  for (const [index, name] of names.entries()) {
    const model = await createModel(api, { name });
    const date = dates[index];
    if (date) {
      const response = await api.request<ModelWire>("PUT", `/api/v1/model/${model.model_id}`, {
        body: { name, positions: [], portfolios: [], last_rebalance_date: date, version: 1 },
      });
      created.push(response.body);
    } else created.push(model);
  }
});
afterAll(async () => {
  await api?.stop();
});

async function list(query = ""): Promise<{ names: string[]; total: string | null }> {
  const response = await api.request<ModelWire[]>("GET", `/api/v1/models${query}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return { names: response.body.map((m) => m.name), total: response.headers.get("x-total-count") };
}

describe("GET /api/v1/models paging", () => {
  it("returns every model in insertion order with X-Total-Count when neither offset nor limit is given", async () => {
    expect(await list()).toEqual({ names, total: "5" });
  });

  it("limit alone starts at offset 0", async () => {
    expect((await list("?limit=2")).names).toEqual(["delta", "alpha"]);
  });

  it("offset alone runs to the end", async () => {
    expect((await list("?offset=3")).names).toEqual(["charlie", "bravo"]);
  });

  it("offset and limit select one page and the total counts every model", async () => {
    expect(await list("?offset=1&limit=2")).toEqual({ names: ["alpha", "echo"], total: "5" });
  });

  it("limit 0 returns an empty page, offset equal to the count returns an empty page", async () => {
    expect((await list("?limit=0")).names).toEqual([]);
    expect((await list("?offset=5")).names).toEqual([]);
  });

  it("answers an offset beyond the number of models with 200 [] and the total (the original's behaviour)", async () => {
    expect(await list("?offset=6")).toEqual({ names: [], total: "5" });
    expect(await list("?offset=1000&limit=10")).toEqual({ names: [], total: "5" });
  });

  it.each([
    ["a negative offset", "?offset=-1", "offset"],
    ["a negative limit", "?limit=-5", "limit"],
    ["a fractional limit", "?limit=1.5", "limit"],
    ["a non-numeric offset", "?offset=abc", "offset"],
    ["an empty limit", "?limit=", "limit"],
    ["a repeated limit", "?limit=1&limit=2", "limit"],
    ["an unknown query parameter", "?page=2", "page"],
  ])("answers 400 for %s", async (_label, query, field) => {
    const problem = expectProblem(await api.request("GET", `/api/v1/models${query}`), 400);
    expect(problem.errors?.map((e) => e.field)).toContain(field);
  });
});

describe("GET /api/v1/models sorting", () => {
  it("sorts by name ascending by default and descending with -", async () => {
    expect((await list("?sort_by=name")).names).toEqual(["alpha", "bravo", "charlie", "delta", "echo"]);
    expect((await list("?sort_by=-name")).names).toEqual(["echo", "delta", "charlie", "bravo", "alpha"]);
  });

  it("accepts an explicit + prefix, encoded or not", async () => {
    expect((await list("?sort_by=%2Bname")).names).toEqual(["alpha", "bravo", "charlie", "delta", "echo"]);
    expect((await list("?sort_by=+name")).names).toEqual(["alpha", "bravo", "charlie", "delta", "echo"]);
  });

  it("sorts by model_id (creation order) both ways", async () => {
    expect((await list("?sort_by=model_id")).names).toEqual(names);
    expect((await list("?sort_by=-model_id")).names).toEqual([...names].reverse());
  });

  it("sorts by last_rebalance_date with never-rebalanced models first, ties in insertion order", async () => {
    expect((await list("?sort_by=last_rebalance_date")).names).toEqual(["delta", "echo", "charlie", "bravo", "alpha"]);
    expect((await list("?sort_by=-last_rebalance_date")).names).toEqual(["alpha", "bravo", "charlie", "delta", "echo"]);
  });

  it("applies several sort fields in order", async () => {
    expect((await list("?sort_by=last_rebalance_date,-name")).names).toEqual([
      "echo",
      "delta",
      "charlie",
      "bravo",
      "alpha",
    ]);
  });

  it("pages after sorting", async () => {
    expect(await list("?sort_by=-name&offset=1&limit=2")).toEqual({ names: ["delta", "charlie"], total: "5" });
  });

  it.each([
    ["an unknown field", "?sort_by=price"],
    ["an unknown field among known ones", "?sort_by=name,version"],
    ["an empty entry", "?sort_by=name,"],
    ["a bare sign", "?sort_by=-"],
    ["a field listed twice", "?sort_by=name,-name"],
    ["a repeated sort_by", "?sort_by=name&sort_by=model_id"],
  ])("answers 400 for %s", async (_label, query) => {
    const problem = expectProblem(await api.request("GET", `/api/v1/models${query}`), 400);
    expect(problem.errors?.map((e) => e.field)).toContain("sort_by");
  });

  it("returns each model exactly as GET /model/{id} does", async () => {
    const response = await api.request<ModelWire[]>("GET", "/api/v1/models");
    expect(response.body).toEqual(created);
  });
});
