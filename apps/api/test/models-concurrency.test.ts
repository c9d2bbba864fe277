// SPEC §4.2 rule 7: optimistic concurrency is decided atomically by the database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApi, type ApiHandle } from "./support/api-process.js";
import { createModel, portfolioId, position, type ModelWire, type ProblemWire } from "./support/fixtures.js";

let api: ApiHandle;
beforeAll(async () => {
  api = await startApi("models_concurrency");
});
afterAll(async () => {
  await api?.stop();
});

describe("concurrent writes", () => {
  it("20 parallel PUTs with the same version: exactly one 200, nineteen 409, version + 1, the winner's body stored", async () => {
    const created = await createModel(api);
    const bodies = Array.from({ length: 20 }, (_, i) => ({
      name: `${created.name} v${i}`,
      positions: [position(i + 1, "0.05")],
      portfolios: [portfolioId(i)],
      version: created.version,
    }));
    const responses = await Promise.all(
      bodies.map((body) => api.request<ModelWire | ProblemWire>("PUT", `/api/v1/model/${created.model_id}`, { body })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const winnerIndex = statuses.indexOf(200);
    const winner = responses[winnerIndex]!.body as ModelWire;
    const stored = (await api.request<ModelWire>("GET", `/api/v1/model/${created.model_id}`)).body;
    expect(stored.version).toBe(created.version + 1);
    expect(stored).toEqual(winner);
    expect(stored.name).toBe(bodies[winnerIndex]!.name);
    expect(stored.positions).toEqual([
      { security_id: position(winnerIndex + 1).security_id, target: "0.05", high_drift: "0.02", low_drift: "0.01" },
    ]);
  });

  it("20 parallel portfolio additions without a version all apply (no lost update)", async () => {
    const created = await createModel(api);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api.request("POST", `/api/v1/model/${created.model_id}/portfolio`, {
          body: { portfolios: [portfolioId(100 + i)] },
        }),
      ),
    );
    // Without a version the store re-reads and retries a lost conditional update; each round has a winner.
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    const stored = (await api.request<ModelWire>("GET", `/api/v1/model/${created.model_id}`)).body;
    expect([...stored.portfolios].sort()).toEqual(Array.from({ length: 20 }, (_, i) => portfolioId(100 + i)).sort());
    expect(stored.version).toBe(21);
  });
});
