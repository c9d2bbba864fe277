// Trading options end to end (README "Trading constraints"): a model's default options (the
// `rebalance-options` sub-resource), a request's options over them, and the options in force carried through
// the store, two BUILT worker processes, the stored results and the signed webhook. Every portfolio's answer
// is checked against the optimizer run independently on the simulator data with the same options, and
// every option is checked on the stored trades. Every response is validated against /openapi.json.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Dec, formatDecimal, rebalanceOptionsFromJson, type RebalanceOptions } from "@ogs/domain";
import { solveRebalance } from "@ogs/optimizer";
import { generateWebhookSecret } from "@ogs/webhooks";
import { inputFor, parseExact, startWebhookReceiver } from "@ogs/test-support";
import { expectProblem, type ModelWire } from "./support/fixtures.js";
import {
  createRebalanceModel,
  DATASET,
  port,
  sec,
  startFleet,
  waitForRebalance,
  type AcceptedWire,
  type Fleet,
  type RebalanceDtoWire,
  type RebalanceWire,
} from "./support/rebalance-fleet.js";

interface OptionsResource {
  model_id: string;
  version: number;
  options: Record<string, unknown>;
}

const SECRET = generateWebhookSecret();
const WEBHOOKS = { WEBHOOK_SECRET: SECRET, WEBHOOK_ALLOWED_CIDRS: "127.0.0.0/8" };
// port(2) stays out of them: the synchronous portfolio test needs it held by its own model only.
const PORTFOLIOS = [port(1), port(3), port(6)];

let fleet: Fleet;

beforeAll(async () => {
  fleet = await startFleet("rebalance_options", WEBHOOKS, WEBHOOKS);
});
afterAll(async () => {
  await fleet?.stop();
});

const optionsPath = (model: ModelWire) => `/api/v1/model/${model.model_id}/rebalance-options`;
const price = (securityId: string) =>
  new Dec(String(DATASET.securities.find((s) => s.security_id === securityId)!.price));

function putOptions(model: ModelWire, body: unknown, query = "") {
  return fleet.api.request<OptionsResource>("PUT", `${optionsPath(model)}${query}`, { body });
}

describe("a model's default options (GET/PUT /model/{id}/rebalance-options)", () => {
  it("starts empty, stores exact decimals, moves the model's version on, and survives the portal's PUT of the model", async () => {
    const model = await createRebalanceModel(fleet.api, [port(1)]);
    const empty = await fleet.api.request<OptionsResource>("GET", optionsPath(model));
    expect(empty.body).toEqual({ model_id: model.model_id, version: model.version, options: {} });

    const options = {
      mode: "buy_only",
      min_trade_value: 500,
      min_cash_fraction: "0.0100",
      lot_sizes: { [sec(1)]: 10 },
      transaction_cost_bps_by_security: { [sec(2)]: "2.50" },
    };
    const stored = await putOptions(model, { options, version: model.version });
    expect(stored.status, JSON.stringify(stored.body)).toBe(200);
    expect(stored.body).toEqual({
      model_id: model.model_id,
      version: model.version + 1,
      options: {
        ...options,
        min_trade_value: "500",
        min_cash_fraction: "0.01",
        transaction_cost_bps_by_security: { [sec(2)]: "2.5" },
      },
    });
    // The same options again change nothing, not even the version.
    const same = await putOptions(model, { options });
    expect(same.body.version).toBe(model.version + 1);

    // The portal's PUT of the model (which knows nothing of options) keeps them.
    const current = (await fleet.api.request<ModelWire>("GET", `/api/v1/model/${model.model_id}`)).body;
    expect(current.version).toBe(model.version + 1);
    expect(current).not.toHaveProperty("options");
    const replaced = await fleet.api.request<ModelWire>("PUT", `/api/v1/model/${model.model_id}`, {
      body: {
        name: current.name,
        positions: current.positions,
        portfolios: current.portfolios,
        version: current.version,
      },
    });
    expect(replaced.status).toBe(200);
    const after = await fleet.api.request<OptionsResource>("GET", optionsPath(model));
    expect(after.body.options).toEqual(stored.body.options);

    // A stale version is a 409; `{}` clears them.
    expectProblem(await putOptions(model, { options: {} }, `?version=${model.version}`), 409);
    const cleared = await putOptions(model, { options: {} });
    expect(cleared.body.options).toEqual({});
  });

  it("answers a 400 naming the field for a bad option, and a 422 for a security outside the model", async () => {
    const model = await createRebalanceModel(fleet.api, [port(1)]);
    const cases: [unknown, string, RegExp][] = [
      [{ mode: "sell_everything" }, "options.mode", /must be one of full, buy_only, sell_only/],
      [{ min_cash_fraction: "1.5" }, "options.min_cash_fraction", /must be at most 1/],
      [{ min_cash: "-1" }, "options.min_cash", /must not be negative/],
      [{ min_trade_value: "lots" }, "options.min_trade_value", /must be a finite decimal/],
      [{ transaction_cost_bps: 10_001 }, "options.transaction_cost_bps", /must be at most 10000/],
      [{ lot_sizes: { [sec(1)]: 2.5 } }, `options.lot_sizes.${sec(1)}`, /whole number/],
      [{ restrictions: { [sec(1)]: "never" } }, `options.restrictions.${sec(1)}`, /must be one of no_buy/],
      [
        { restrictions: { "not-a-security": "no_buy" } },
        "options.restrictions.not-a-security",
        /is not a security id: must be 24 letters or digits/,
      ],
      [{ max_trades: 3 }, "options.max_trades", /unknown field/],
    ];
    for (const [options, field, message] of cases) {
      const problem = expectProblem(await putOptions(model, { options }), 400);
      expect(problem.errors, JSON.stringify(options)).toContainEqual({
        field,
        message: expect.stringMatching(message),
      });
    }
    const unknown = expectProblem(await putOptions(model, { options: { restrictions: { [sec(7)]: "no_sell" } } }), 422);
    expect(unknown.detail).toContain(`restrictions.${sec(7)}: security ${sec(7)} is not in the model`);
    expect(unknown.rule).toBe("option-security-not-in-model");
    expectProblem(await putOptions(model, {}), 400);
  });
});

describe("a rebalance with options", () => {
  it("merges the request's options over the model's, solves with them, and reports them in the document and the webhook", async () => {
    const model = await createRebalanceModel(fleet.api, PORTFOLIOS);
    const defaults = { mode: "buy_only", restrictions: { [sec(3)]: "no_trade" }, max_turnover: "0.9" };
    expect((await putOptions(model, { options: defaults })).status).toBe(200);
    const receiver = await startWebhookReceiver({ secret: SECRET });
    try {
      // The request's `restrictions` replaces the model's whole; `max_turnover` and `mode` stay.
      const requestOptions = { min_trade_value: "500", restrictions: { [sec(1)]: "no_buy" } };
      const submitted = await fleet.api.request<AcceptedWire>("POST", `/api/v1/model/${model.model_id}/rebalance`, {
        body: { options: requestOptions, callback_url: `${receiver.url}/done` },
      });
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
      const inForce = {
        mode: "buy_only",
        min_trade_value: "500",
        max_turnover: "0.9",
        restrictions: { [sec(1)]: "no_buy" },
      };

      const done = await waitForRebalance(fleet.api, submitted.body.rebalance_id);
      expect(done.status).toBe("completed");
      expect(done.options).toEqual(inForce);
      const status = await fleet.api.request<{ options: unknown }>("GET", `${submitted.body.links.self}`);
      expect(status.body.options).toEqual(inForce);

      const options = rebalanceOptionsFromJson(inForce as never);
      const text = (await fleet.api.request("GET", `/api/v1/rebalance/${submitted.body.rebalance_id}`)).text;
      const exact = parseExact(text) as RebalanceWire;
      let trades = 0;
      for (const portfolio of exact.portfolios) {
        const expected = solveRebalance(inputFor(portfolio.portfolio_id, model.model_id), options);
        expect(portfolio.status, portfolio.portfolio_id).toBe(
          expected.outcome === "optimal" ? "completed" : "infeasible",
        );
        const adjusted = Object.fromEntries(
          portfolio.positions.map((p) => [p.security_id as string, String(p.adjusted_quantity)]),
        );
        for (const p of expected.positions)
          expect(adjusted[p.securityId], `${portfolio.portfolio_id} ${p.securityId}`).toBe(
            formatDecimal(p.adjustedQuantity),
          );
        for (const t of portfolio.transactions) {
          trades += 1;
          // buy_only: nothing is sold; sec 1 is no_buy; every trade is worth at least min_trade_value.
          expect(t.transaction_type, `${portfolio.portfolio_id} ${t.security_id}`).toBe("BUY");
          expect(t.security_id).not.toBe(sec(1));
          expect(price(t.security_id).times(t.quantity).gte(500), `${t.security_id} × ${t.quantity}`).toBe(true);
        }
      }
      expect(trades).toBeGreaterThan(0);

      const [webhook] = await receiver.waitFor(1, 30_000);
      expect(webhook!.verificationError).toBeUndefined();
      expect((webhook!.event as { data: { options: unknown } }).data.options).toEqual(inForce);
    } finally {
      await receiver.close();
    }
  });

  it("answers the synchronous portfolio endpoint with the options applied, and differs from the plain answer", async () => {
    const model = await createRebalanceModel(fleet.api, [port(2)]);
    const plain = await fleet.api.request<RebalanceDtoWire>("POST", `/api/v1/portfolio/${port(2)}/rebalance`);
    expect(plain.status, JSON.stringify(plain.body)).toBe(200);
    expect(plain.body.transactions.some((t) => t.transaction_type === "SELL")).toBe(true);
    const options: RebalanceOptions = { mode: "buy_only" };
    const constrained = await fleet.api.request<RebalanceDtoWire>("POST", `/api/v1/portfolio/${port(2)}/rebalance`, {
      body: { options: { mode: "buy_only" } },
    });
    expect(constrained.status, JSON.stringify(constrained.body)).toBe(200);
    expect(constrained.body.transactions.every((t) => t.transaction_type === "BUY")).toBe(true);
    const expected = solveRebalance(inputFor(port(2), model.model_id), options);
    const adjusted = Object.fromEntries(constrained.body.drifts.map((d) => [d.security_id, d.adjusted_quantity]));
    for (const p of expected.positions) expect(adjusted[p.securityId]).toBe(formatDecimal(p.adjustedQuantity));
  });

  it("refuses bad options (400) and securities outside the model (422) before anything starts; a reused Idempotency-Key with other options is a 422", async () => {
    const model = await createRebalanceModel(fleet.api, [port(3)]);
    const path = `/api/v1/model/${model.model_id}/rebalance`;
    const bad = expectProblem(
      await fleet.api.request("POST", path, { body: { options: { max_turnover: "-0.1" } } }),
      400,
    );
    expect(bad.errors).toContainEqual({ field: "options.max_turnover", message: "must not be negative" });
    const outside = expectProblem(
      await fleet.api.request("POST", path, { body: { options: { lot_sizes: { [sec(7)]: 100 } } } }),
      422,
    );
    expect(outside.errors).toEqual([
      { field: `options.lot_sizes.${sec(7)}`, message: `security ${sec(7)} is not in the model` },
    ]);
    const listed = await fleet.api.request<unknown[]>("POST", "/api/v1/rebalances/portfolios", {
      body: { portfolios: [port(3)] },
    });
    expect(listed.body.filter((r) => (r as { model_id: string }).model_id === model.model_id)).toEqual([]);

    const headers = { prefer: "respond-async", "idempotency-key": `options-${model.model_id}` };
    const first = await fleet.api.request<AcceptedWire>("POST", path, {
      headers,
      body: { options: { min_cash: "1000" } },
    });
    expect(first.status).toBe(202);
    // The same options written differently are the same request.
    const again = await fleet.api.request<AcceptedWire>("POST", path, {
      headers,
      body: { options: { min_cash: 1000.0 } },
    });
    expect(again.status).toBe(202);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body.rebalance_id).toBe(first.body.rebalance_id);
    const other = expectProblem(
      await fleet.api.request("POST", path, { headers, body: { options: { min_cash: "2000" } } }),
      422,
    );
    expect(other.rule).toBe("idempotency-key-reused");
    const done = await waitForRebalance(fleet.api, first.body.rebalance_id);
    expect(done.options).toEqual({ min_cash: "1000" });
  });

  it("keeps the portal's calls as they were: no options means `options: {}` and the plain optimum", async () => {
    const model = await createRebalanceModel(fleet.api, [port(6)]);
    const answer = await fleet.api.request<RebalanceDtoWire[]>("POST", `/api/v1/model/${model.model_id}/rebalance`);
    expect(answer.status).toBe(200);
    const [dto] = answer.body;
    const expected = solveRebalance(inputFor(port(6), model.model_id));
    const adjusted = Object.fromEntries(dto!.drifts.map((d) => [d.security_id, d.adjusted_quantity]));
    for (const p of expected.positions) expect(adjusted[p.securityId]).toBe(formatDecimal(p.adjustedQuantity));
    const stored = await fleet.api.request<RebalanceWire>("GET", `/api/v1/rebalance/${dto!.rebalance_id}`);
    expect(stored.body.options).toEqual({});
  });
});
