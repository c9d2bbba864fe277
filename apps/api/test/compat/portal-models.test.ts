// The GlobeCo portal's model screens against this service (SPEC §1, §4.3), replayed with the real axios as
// the portal's orderGenerationService.ts sends them: ModelForm's bodies (JSON numbers from parseFloat, a new
// position at target 0, the model's own last_rebalance_date sent back), useModels' pages and sort columns
// (query values as strings, as the route handler forwards them), DELETE with `params: { version }`. Every
// answer is checked against /openapi.json and read as the portal's Model type (src/types/model.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AxiosError } from "axios";
import { startApi, type ApiHandle } from "../support/api-process.js";
import { port, sec } from "../support/rebalance-fleet.js";
import { expectPortalRequest, portalFor } from "./support/portal-checks.js";
import { modelPage, type PortalClient } from "./support/portal-client.js";
import { asPortal, PortalModel, type PortalModel as Model } from "./support/portal-types.js";

let api: ApiHandle;
let portal: PortalClient;

beforeAll(async () => {
  api = await startApi("portal_models");
  portal = await portalFor(api.baseUrl);
});
afterAll(async () => {
  await api?.stop();
});

/** ModelForm's create body: floats, and the row "Add position" starts with (target 0, drifts 0.05). */
const formBody = (name: string, portfolios: string[]) => ({
  name,
  portfolios,
  positions: [
    { security_id: sec(1), target: 0.2, high_drift: 0.05, low_drift: 0.05 },
    { security_id: sec(2), target: 0.125, high_drift: 0.03, low_drift: 0.02 },
    { security_id: sec(7), target: 0, high_drift: 0.05, low_drift: 0.05 },
  ],
});

/** ModelForm's update body: the served decimals parseFloat'ed, the version and last_rebalance_date it read. */
const updateBody = (model: Model, changes: Partial<{ name: string; last_rebalance_date: string | null }>) => ({
  name: model.name,
  portfolios: model.portfolios,
  positions: (model.positions ?? []).map((p) => ({
    security_id: p.security_id,
    target: parseFloat(p.target),
    high_drift: parseFloat(p.high_drift),
    low_drift: parseFloat(p.low_drift),
  })),
  version: model.version,
  last_rebalance_date: model.last_rebalance_date,
  ...changes,
});

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const statusOf = async (call: Promise<unknown>): Promise<number | undefined> =>
  call.then(
    () => 200,
    (error: unknown) => (error instanceof AxiosError ? error.response?.status : undefined),
  );

describe("model screens", () => {
  let created: Model;

  it("creates a model from ModelForm's body with JSON numbers: 201, the Model type, decimals as strings, the target-0 row removed", async () => {
    created = asPortal(
      PortalModel,
      await portal.api.createModel(formBody("Portal Growth", [port(1), port(2)])),
      "createModel",
    );
    const exchange = portal.last();
    expectPortalRequest(exchange);
    expect(exchange.status).toBe(201);
    expect(created.positions).toEqual([
      { security_id: sec(1), target: "0.2", high_drift: "0.05", low_drift: "0.05" },
      { security_id: sec(2), target: "0.125", high_drift: "0.03", low_drift: "0.02" },
    ]);
    expect(created).toMatchObject({ name: "Portal Growth", portfolios: [port(1), port(2)], version: 1 });
    expect(created.last_rebalance_date).toBeNull();
  });

  it("reads it back with getModelById as ModelsTable and ModelForm use it", async () => {
    const model = asPortal(PortalModel, await portal.api.getModelById(created.model_id), "getModelById");
    expectPortalRequest(portal.last());
    expect(model).toEqual(created);
    // ModelForm parses every served decimal with parseFloat.
    expect(model.positions!.map((p) => parseFloat(p.target))).toEqual([0.2, 0.125]);
  });

  it("updates it as ModelForm does (parseFloat'ed numbers, its version and last_rebalance_date sent back): 200, version + 1", async () => {
    const updated = asPortal(
      PortalModel,
      await portal.api.updateModel(created.model_id, updateBody(created, { name: "Portal Growth II" })),
      "updateModel",
    );
    expectPortalRequest(portal.last());
    expect(updated).toMatchObject({ name: "Portal Growth II", version: 2, positions: created.positions });
    // A stale version is a 409, which the portal shows as an error.
    expect(await statusOf(portal.api.updateModel(created.model_id, updateBody(created, {})))).toBe(409);
    created = updated;
  });

  it("pages the models as useModels does under each sort column, both directions; past the end 200 []", async () => {
    const names = ["Kilo", "Alpha", "Lima", "Echo", "Bravo", "Juliet", "Delta", "India", "Charlie", "Hotel", "Golf"];
    const models = [created];
    for (const [i, name] of names.entries()) {
      const model = asPortal(PortalModel, await portal.api.createModel(formBody(name, [])), "createModel");
      // Every other model gets a last rebalance date through ModelForm's PUT.
      const date = i % 2 === 0 ? new Date(Date.UTC(2025, 0, 1 + ((i * 7) % 28))).toISOString() : null;
      models.push(
        date === null
          ? model
          : asPortal(
              PortalModel,
              await portal.api.updateModel(model.model_id, updateBody(model, { last_rebalance_date: date })),
              "updateModel",
            ),
      );
    }
    const keys = {
      name: (m: Model) => m.name,
      model_id: (m: Model) => m.model_id,
      // MongoDB orders null before every date.
      last_rebalance_date: (m: Model) => m.last_rebalance_date ?? "",
    };
    for (const [field, key] of Object.entries(keys)) {
      for (const prefix of ["", "-"]) {
        const sortBy = `${prefix}${field}`;
        const first = await portal.api.listModels(modelPage(sortBy));
        expectPortalRequest(portal.last());
        expect(portal.last().path).toBe(`/api/v1/models?offset=0&limit=10&sort_by=${sortBy}`);
        const second = await portal.api.listModels(modelPage(sortBy, 10));
        expect(await portal.api.listModels(modelPage(sortBy, 20)), `${sortBy} past the end`).toEqual([]);
        const served = [...first, ...second].map((m, i) => asPortal(PortalModel, m, `listModels ${sortBy} #${i}`));
        expect(first).toHaveLength(10);
        // Ties keep insertion order (SPEC §4.3: then by model_id ascending) in either direction.
        const sign = prefix === "-" ? -1 : 1;
        const ordered = [...models].sort((a, b) => sign * compare(key(a), key(b)) || compare(a.model_id, b.model_id));
        expect(
          served.map((m) => `${m.model_id} ${key(m)}`),
          sortBy,
        ).toEqual(ordered.map((m) => `${m.model_id} ${key(m)}`));
      }
    }
  });

  it("deletes a model that still has portfolios with params { version } (204, the original's behaviour), then 404", async () => {
    await portal.api.deleteModel(created.model_id, created.version);
    const exchange = portal.last();
    expectPortalRequest(exchange);
    expect(exchange.path).toBe(`/api/v1/model/${created.model_id}?version=${created.version}`);
    expect(exchange.status).toBe(204);
    expect(await statusOf(portal.api.getModelById(created.model_id))).toBe(404);
  });
});
