// SPEC §4.3 endpoints and status codes, and the §4.2 rules on every write path, over HTTP against the real store.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApi, type ApiHandle } from "./support/api-process.js";
import {
  createModel,
  expectProblem,
  portfolioId,
  position,
  securityId,
  uniqueName,
  UNKNOWN_MODEL_ID,
  type ModelWire,
} from "./support/fixtures.js";

let api: ApiHandle;
beforeAll(async () => {
  api = await startApi("models_crud");
});
afterAll(async () => {
  await api?.stop();
});

const modelPath = (id: string, suffix = "") => `/api/v1/model/${id}${suffix}`;

describe("POST /api/v1/models", () => {
  it("creates a model: 201, Location, version 1, decimals as exact strings", async () => {
    const response = await api.request<ModelWire>("POST", "/api/v1/models", {
      body: { name: "Balanced", positions: [position(1, "0.125", 0.05, "0.010")], portfolios: [portfolioId(1)] },
    });
    expect(response.status).toBe(201);
    const model = response.body;
    expect(response.headers.get("location")).toBe(`/api/v1/model/${model.model_id}`);
    expect(model).toEqual({
      model_id: expect.stringMatching(/^[0-9a-f]{24}$/),
      name: "Balanced",
      positions: [{ security_id: securityId(1), target: "0.125", high_drift: "0.05", low_drift: "0.01" }],
      portfolios: [portfolioId(1)],
      last_rebalance_date: null,
      version: 1,
    });
  });

  it("drops zero-target positions and collapses duplicate portfolio ids", async () => {
    const model = await createModel(api, {
      positions: [position(1, "0.1"), position(2, 0)],
      portfolios: [portfolioId(1), portfolioId(2), portfolioId(1)],
    });
    expect(model.positions.map((p) => p.security_id)).toEqual([securityId(1)]);
    expect(model.portfolios).toEqual([portfolioId(1), portfolioId(2)]);
  });

  it("accepts a model without positions or portfolios", async () => {
    const model = await createModel(api, { positions: undefined, portfolios: undefined });
    expect(model.positions).toEqual([]);
  });

  it("answers 409 for a duplicate name", async () => {
    const existing = await createModel(api);
    const problem = expectProblem(await api.request("POST", "/api/v1/models", { body: { name: existing.name } }), 409);
    expect(problem.detail).toContain(existing.name);
  });

  it.each([
    ["a target that is not a multiple of 0.005", [position(1, "0.0151")], "target-multiple-of-0.005"],
    [
      "more than 100 positions with a target",
      Array.from({ length: 101 }, (_, i) => position(i, "0.005")),
      "max-100-positions",
    ],
    ["a duplicate security", [position(1, "0.1"), position(1, "0.2")], "unique-security"],
    ["targets that sum to more than 0.95", [position(1, "0.5"), position(2, "0.455")], "target-sum-max-0.95"],
  ])("answers 422 for %s", async (_label, positions, rule) => {
    const problem = expectProblem(
      await api.request("POST", "/api/v1/models", { body: { name: uniqueName(), positions } }),
      422,
    );
    expect(problem.rule).toBe(rule);
  });

  it("accepts exactly 100 positions summing to exactly 0.95 with drifts 0 and 1", async () => {
    const positions = Array.from({ length: 100 }, (_, i) =>
      position(i, i < 90 ? "0.01" : "0.005", i % 2 ? 0 : 1, i % 2 ? 1 : 0),
    );
    const model = await createModel(api, { positions });
    expect(model.positions).toHaveLength(100);
  });
});

describe("GET /api/v1/model/{model_id}", () => {
  it("returns the model", async () => {
    const created = await createModel(api);
    const response = await api.request<ModelWire>("GET", modelPath(created.model_id));
    expect(response.status).toBe(200);
    expect(response.body).toEqual(created);
  });

  it("accepts the id in upper case", async () => {
    const created = await createModel(api);
    expect((await api.request("GET", modelPath(created.model_id.toUpperCase()))).status).toBe(200);
  });

  it("answers 404 for an unknown model and 400 for a malformed id", async () => {
    expectProblem(await api.request("GET", modelPath(UNKNOWN_MODEL_ID)), 404);
    expectProblem(await api.request("GET", modelPath("not-an-id")), 400);
  });
});

describe("PUT /api/v1/model/{model_id}", () => {
  it("replaces the model and increments the version", async () => {
    const created = await createModel(api);
    const body = {
      name: uniqueName("Renamed"),
      positions: [position(5, "0.3")],
      portfolios: [portfolioId(9)],
      last_rebalance_date: "2024-05-01T10:00:00Z",
      version: 1,
    };
    const response = await api.request<ModelWire>("PUT", modelPath(created.model_id), { body });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      ...created,
      name: body.name,
      positions: [{ security_id: securityId(5), target: "0.3", high_drift: "0.02", low_drift: "0.01" }],
      portfolios: [portfolioId(9)],
      last_rebalance_date: "2024-05-01T10:00:00.000Z",
      version: 2,
    });
  });

  it("keeps last_rebalance_date when the body omits it", async () => {
    const created = await createModel(api);
    await api.request("PUT", modelPath(created.model_id), {
      body: {
        name: created.name,
        positions: [],
        portfolios: [],
        last_rebalance_date: "2024-01-02T03:04:05.000Z",
        version: 1,
      },
    });
    const response = await api.request<ModelWire>("PUT", modelPath(created.model_id), {
      body: { name: created.name, positions: [], portfolios: [], version: 2 },
    });
    expect(response.body.last_rebalance_date).toBe("2024-01-02T03:04:05.000Z");
  });

  it("answers 409 for a stale version and changes nothing", async () => {
    const created = await createModel(api);
    const problem = expectProblem(
      await api.request("PUT", modelPath(created.model_id), {
        body: { name: "Other", positions: [], portfolios: [], version: 7 },
      }),
      409,
    );
    expect(problem.current_version).toBe(1);
    expect((await api.request("GET", modelPath(created.model_id))).body).toEqual(created);
  });

  it("answers 409 when renaming to another model's name", async () => {
    const [first, second] = [await createModel(api), await createModel(api)];
    expectProblem(
      await api.request("PUT", modelPath(second.model_id), {
        body: { name: first.name, positions: [], portfolios: [], version: 1 },
      }),
      409,
    );
  });

  it("answers 404 for an unknown model, 422 for a broken rule, 400 without a version", async () => {
    const body = { name: uniqueName(), positions: [], portfolios: [], version: 1 };
    expectProblem(await api.request("PUT", modelPath(UNKNOWN_MODEL_ID), { body }), 404);
    const created = await createModel(api);
    expect(
      expectProblem(
        await api.request("PUT", modelPath(created.model_id), { body: { ...body, positions: [position(1, "0.96")] } }),
        400,
      ).errors?.[0]?.field,
    ).toBe("positions.0.target");
    expect(
      expectProblem(
        await api.request("PUT", modelPath(created.model_id), {
          body: { ...body, positions: [position(1, "0.5"), position(2, "0.5")] },
        }),
        422,
      ).rule,
    ).toBe("target-sum-max-0.95");
    const { version: _omitted, ...withoutVersion } = body;
    expect(
      expectProblem(await api.request("PUT", modelPath(created.model_id), { body: withoutVersion }), 400).errors?.[0],
    ).toEqual({ field: "version", message: "is required" });
  });
});

describe("DELETE /api/v1/model/{model_id}?version=N", () => {
  it("deletes a model without portfolios: 204, then 404", async () => {
    const created = await createModel(api);
    const response = await api.request("DELETE", modelPath(created.model_id, "?version=1"));
    expect(response.status).toBe(204);
    expectProblem(await api.request("GET", modelPath(created.model_id)), 404);
    expectProblem(await api.request("DELETE", modelPath(created.model_id, "?version=1")), 404);
  });

  it("answers 409 for a stale version, 400 without one, and keeps the model", async () => {
    const created = await createModel(api);
    expectProblem(await api.request("DELETE", modelPath(created.model_id, "?version=2")), 409);
    expectProblem(await api.request("DELETE", modelPath(created.model_id)), 400);
    expectProblem(await api.request("DELETE", modelPath(created.model_id, "?version=abc")), 400);
    expect((await api.request("GET", modelPath(created.model_id))).status).toBe(200);
  });

  it("deletes a model that still has portfolios (204, the original's final behaviour)", async () => {
    const created = await createModel(api, { portfolios: [portfolioId(1)] });
    expect((await api.request("DELETE", modelPath(created.model_id, "?version=1"))).status).toBe(204);
    expect((await api.request("GET", modelPath(created.model_id))).status).toBe(404);
  });
});

describe("position sub-resource", () => {
  it("POST adds a security that is not in the model; 422 if it already is", async () => {
    const created = await createModel(api);
    const response = await api.request<ModelWire>("POST", modelPath(created.model_id, "/position"), {
      body: position(2, "0.2"),
    });
    expect(response.status).toBe(200);
    expect(response.body.positions.map((p) => p.security_id)).toEqual([securityId(1), securityId(2)]);
    expect(response.body.version).toBe(2);
    expect(
      expectProblem(
        await api.request("POST", modelPath(created.model_id, "/position"), { body: position(2, "0.1") }),
        422,
      ).rule,
    ).toBe("unique-security");
  });

  it("POST enforces the rules on the resulting model", async () => {
    const created = await createModel(api, { positions: [position(1, "0.9")] });
    expect(
      expectProblem(
        await api.request("POST", modelPath(created.model_id, "/position"), { body: position(2, "0.1") }),
        422,
      ).rule,
    ).toBe("target-sum-max-0.95");
    expect(
      expectProblem(
        await api.request("POST", modelPath(created.model_id, "/position"), { body: position(2, "0.0125") }),
        422,
      ).rule,
    ).toBe("target-multiple-of-0.005");
  });

  it("PUT replaces target and drifts of a security in the model; 404 if it is not", async () => {
    const created = await createModel(api);
    const response = await api.request<ModelWire>("PUT", modelPath(created.model_id, "/position"), {
      body: position(1, "0.25", "0.1", "0.05"),
    });
    expect(response.status).toBe(200);
    expect(response.body.positions).toEqual([
      { security_id: securityId(1), target: "0.25", high_drift: "0.1", low_drift: "0.05" },
    ]);
    expectProblem(
      await api.request("PUT", modelPath(created.model_id, "/position"), { body: position(3, "0.1") }),
      404,
    );
  });

  it("PUT with target 0 removes the position (rule 4)", async () => {
    const created = await createModel(api);
    const response = await api.request<ModelWire>("PUT", modelPath(created.model_id, "/position"), {
      body: position(1, 0),
    });
    expect(response.body.positions).toEqual([]);
  });

  it("DELETE removes a position only when every value equals the stored one", async () => {
    const created = await createModel(api, { positions: [position(1, "0.1"), position(2, "0.2")] });
    const mismatch = expectProblem(
      await api.request("DELETE", modelPath(created.model_id, "/position"), { body: position(2, "0.2", "0.03") }),
      409,
    );
    expect(mismatch.detail).toContain("high_drift is 0.02, not 0.03");
    const response = await api.request<ModelWire>("DELETE", modelPath(created.model_id, "/position"), {
      body: position(2, "0.200", 0.02, "0.01"),
    });
    expect(response.status).toBe(200);
    expect(response.body.positions.map((p) => p.security_id)).toEqual([securityId(1)]);
    expectProblem(
      await api.request("DELETE", modelPath(created.model_id, "/position"), { body: position(2, "0.2") }),
      404,
    );
  });

  it("checks an optional version given in the query or the body", async () => {
    const created = await createModel(api);
    expectProblem(
      await api.request("POST", modelPath(created.model_id, "/position?version=5"), { body: position(2, "0.1") }),
      409,
    );
    expectProblem(
      await api.request("POST", modelPath(created.model_id, "/position"), {
        body: { ...position(2, "0.1"), version: 5 },
      }),
      409,
    );
    expectProblem(
      await api.request("POST", modelPath(created.model_id, "/position?version=1"), {
        body: { ...position(2, "0.1"), version: 2 },
      }),
      400,
    );
    const response = await api.request<ModelWire>("POST", modelPath(created.model_id, "/position?version=1"), {
      body: { ...position(2, "0.1"), version: 1 },
    });
    expect(response.body.version).toBe(2);
  });

  it("answers 404 for an unknown model", async () => {
    expectProblem(await api.request("POST", modelPath(UNKNOWN_MODEL_ID, "/position"), { body: position(2) }), 404);
  });
});

describe("portfolio sub-resource", () => {
  it("POST appends portfolios and ignores duplicates", async () => {
    const created = await createModel(api, { portfolios: [portfolioId(1)] });
    const response = await api.request<ModelWire>("POST", modelPath(created.model_id, "/portfolio"), {
      body: { portfolios: [portfolioId(2), portfolioId(1), portfolioId(2)] },
    });
    expect(response.status).toBe(200);
    expect(response.body.portfolios).toEqual([portfolioId(1), portfolioId(2)]);
    expect(response.body.version).toBe(2);
  });

  it("DELETE removes portfolios and ignores missing ones", async () => {
    const created = await createModel(api, { portfolios: [portfolioId(1), portfolioId(2)] });
    const response = await api.request<ModelWire>("DELETE", modelPath(created.model_id, "/portfolio"), {
      body: { portfolios: [portfolioId(1), portfolioId(7)] },
    });
    expect(response.body.portfolios).toEqual([portfolioId(2)]);
  });

  it("keeps the version for writes that change nothing, and still refuses them with a stale version (SPEC §4.1)", async () => {
    const created = await createModel(api, { portfolios: [portfolioId(1)] });
    const unchanged = async (method: string, path: string, body: object) => {
      const response = await api.request<ModelWire>(method, modelPath(created.model_id, path), { body });
      expect(response.status, `${method} ${path}`).toBe(200);
      expect(response.body, `${method} ${path}`).toEqual(created);
    };
    await unchanged("POST", "/portfolio", { portfolios: [portfolioId(1)] });
    await unchanged("DELETE", "/portfolio", { portfolios: [portfolioId(9)] });
    await unchanged("POST", "/position", { ...position(42, "0") });
    await unchanged("PUT", "", {
      name: created.name,
      positions: created.positions,
      portfolios: created.portfolios,
      version: created.version,
    });
    expect((await api.request<ModelWire>("GET", modelPath(created.model_id))).body.version).toBe(created.version);
    expectProblem(
      await api.request("POST", modelPath(created.model_id, `/portfolio?version=${created.version + 1}`), {
        body: { portfolios: [portfolioId(1)] },
      }),
      409,
    );
    // A real change moves it on.
    expect(
      (
        await api.request<ModelWire>("POST", modelPath(created.model_id, "/portfolio"), {
          body: { portfolios: [portfolioId(2)] },
        })
      ).body.version,
    ).toBe(created.version + 1);
  });

  it("checks an optional version and answers 404 for an unknown model", async () => {
    const created = await createModel(api);
    expectProblem(
      await api.request("POST", modelPath(created.model_id, "/portfolio?version=3"), {
        body: { portfolios: [portfolioId(1)] },
      }),
      409,
    );
    expectProblem(
      await api.request("POST", modelPath(UNKNOWN_MODEL_ID, "/portfolio"), { body: { portfolios: [portfolioId(1)] } }),
      404,
    );
  });
});
