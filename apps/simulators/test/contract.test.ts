// The simulators (SPEC §9): every endpoint answers as the GlobeCo contracts in
// ../shared/contracts describe (paths, status codes, field names and types).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulators, type Dataset, type RunningSimulators } from "@ogs/test-support";
import { describeErrors, loadContract } from "./contract-schemas.js";

const DECIMAL_STRING = { type: "string", pattern: "^-?\\d+(\\.\\d+)?$" };
const ACCOUNTING_DECIMALS = ["cashBalance"]
  .map((p) => `dto.PortfolioSummaryDTO.${p}`)
  .concat(["quantityLong", "quantityShort", "netQuantity"].map((p) => `dto.SecurityPositionDTO.${p}`));
const ERROR_SCHEMAS = {
  lenient: ["dto.ErrorDetail", "dto.ErrorResponse", "dto.ValidationError", "HTTPValidationError", "ValidationError"],
};

let sim: RunningSimulators;
let numbers: RunningSimulators;
let data: Dataset;

beforeAll(async () => {
  [sim, numbers] = await Promise.all([
    startSimulators(),
    startSimulators({ env: { SIMULATOR_ACCOUNTING_AMOUNTS: "number" } }),
  ]);
  data = await sim.dataset();
});
afterAll(async () => {
  await Promise.all([sim?.stop(), numbers?.stop()]);
});

async function get(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

describe("contract checks", () => {
  it("reject a body with a missing or misspelt field, so a passing check means something", () => {
    const validate = loadContract("pricing").response("GET", "/api/v1/price/{ticker}", 200);
    const good = { id: 1, ticker: "A", date: "2026-01-02", open: 1, close: 1, high: 1, low: 1, volume: 3 };
    expect(validate(good), describeErrors(validate)).toBe(true);
    const { close: _close, ...missing } = good;
    expect(validate(missing)).toBe(false);
    expect(validate({ ...missing, closePrice: 1 })).toBe(false);
    expect(validate({ ...good, close: "1" })).toBe(false);
  });
});

describe("Portfolio Accounting simulator", () => {
  const summary = "/portfolios/{portfolioId}/summary";

  it("serves a portfolio summary with amounts as numbers exactly as the contract declares", async () => {
    const contract = loadContract("portfolio-accounting", ERROR_SCHEMAS);
    const portfolio = data.portfolios[0]!;
    const { status, body } = await get(
      `${numbers.urls.accounting}${contract.basePath}/portfolios/${portfolio.portfolio_id}/summary`,
    );
    const validate = contract.response("GET", summary, 200);
    expect(status).toBe(200);
    expect(validate(body), describeErrors(validate)).toBe(true);
    expect(body).toMatchObject({
      portfolioId: portfolio.portfolio_id,
      cashBalance: Number(portfolio.cash),
      securityCount: portfolio.holdings!.length,
    });
  });

  it("serves amounts as decimal strings by default, the real service's wire format, and otherwise matches the contract", async () => {
    const override = Object.fromEntries(ACCOUNTING_DECIMALS.map((key) => [key, DECIMAL_STRING]));
    const contract = loadContract("portfolio-accounting", { ...ERROR_SCHEMAS, override });
    const portfolio = data.portfolios[1]!;
    const { status, body } = await get(`${sim.urls.accounting}/api/v1/portfolios/${portfolio.portfolio_id}/summary`);
    const validate = contract.response("GET", summary, 200);
    expect(status).toBe(200);
    expect(validate(body), describeErrors(validate)).toBe(true);
    expect(body).toMatchObject({
      cashBalance: portfolio.cash,
      securities: portfolio.holdings!.map((h) => ({ securityId: h.security_id, netQuantity: h.quantity })),
    });
  });

  it("answers 404 with the contract's error body for a portfolio without balances", async () => {
    const contract = loadContract("portfolio-accounting", ERROR_SCHEMAS);
    const { status, body } = await get(`${sim.urls.accounting}/api/v1/portfolios/${"f".repeat(24)}/summary`);
    const validate = contract.response("GET", summary, 404);
    expect(status).toBe(404);
    expect(validate(body), describeErrors(validate)).toBe(true);
  });

  it("answers 400 for a portfolio id that is not 24 characters", async () => {
    const contract = loadContract("portfolio-accounting", ERROR_SCHEMAS);
    const { status, body } = await get(`${sim.urls.accounting}/api/v1/portfolios/short/summary`);
    const validate = contract.response("GET", summary, 400);
    expect(status).toBe(400);
    expect(validate(body), describeErrors(validate)).toBe(true);
  });

  it("answers an injected 500 with the contract's error body", async () => {
    const contract = loadContract("portfolio-accounting", ERROR_SCHEMAS);
    await sim.setFaults("accounting", { error_rate: 1, status: 500 });
    try {
      const { status, body } = await get(
        `${sim.urls.accounting}/api/v1/portfolios/${data.portfolios[0]!.portfolio_id}/summary`,
      );
      const validate = contract.response("GET", summary, 500);
      expect(status).toBe(500);
      expect(validate(body), describeErrors(validate)).toBe(true);
    } finally {
      await sim.clearFaults();
    }
  });
});

describe("Security simulator", () => {
  const contract = loadContract("security", ERROR_SCHEMAS);

  it("serves one security with its ticker", async () => {
    const security = data.securities[0]!;
    const { status, body } = await get(`${sim.urls.security}/api/v1/security/${security.security_id}`);
    const validate = contract.response("GET", "/api/v1/security/{securityId}", 200);
    expect(status).toBe(200);
    expect(validate(body), describeErrors(validate)).toBe(true);
    expect(body).toMatchObject({ securityId: security.security_id, ticker: security.ticker });
  });

  it("lists every security", async () => {
    const { status, body } = await get(`${sim.urls.security}/api/v1/securities`);
    const validate = contract.response("GET", "/api/v1/securities", 200);
    expect(status).toBe(200);
    expect(validate(body), describeErrors(validate)).toBe(true);
    expect(body).toHaveLength(data.securities.length);
  });

  it("answers 404 for an unknown security", async () => {
    const { status } = await get(`${sim.urls.security}/api/v1/security/${"0".repeat(24)}`);
    expect(status).toBe(404);
  });
});

describe("Pricing simulator", () => {
  const contract = loadContract("pricing");

  it("serves the price of a ticker with close as a number", async () => {
    const security = data.securities[2]!;
    const { status, body } = await get(`${sim.urls.pricing}/api/v1/price/${security.ticker}`);
    const validate = contract.response("GET", "/api/v1/price/{ticker}", 200);
    expect(status).toBe(200);
    expect(validate(body), describeErrors(validate)).toBe(true);
    expect(body).toMatchObject({ ticker: security.ticker, close: Number(security.price) });
  });

  it("lists every price", async () => {
    const { status, body } = await get(`${sim.urls.pricing}/api/v1/prices`);
    const validate = contract.response("GET", "/api/v1/prices", 200);
    expect(status).toBe(200);
    expect(validate(body), describeErrors(validate)).toBe(true);
  });

  it("answers 404 for an unknown ticker", async () => {
    expect((await get(`${sim.urls.pricing}/api/v1/price/NOPE-NOPE`)).status).toBe(404);
  });
});

describe("Portfolio simulator", () => {
  const contract = loadContract("portfolio", ERROR_SCHEMAS);

  it("serves one portfolio with its name", async () => {
    const portfolio = data.portfolios[3]!;
    const { status, body } = await get(`${sim.urls.portfolio}/api/v1/portfolio/${portfolio.portfolio_id}`);
    const validate = contract.response("GET", "/api/v1/portfolio/{portfolioId}", 200);
    expect(status).toBe(200);
    expect(validate(body), describeErrors(validate)).toBe(true);
    expect(body).toMatchObject({ portfolioId: portfolio.portfolio_id, name: portfolio.name });
  });

  it("lists every portfolio", async () => {
    const { status, body } = await get(`${sim.urls.portfolio}/api/v1/portfolios`);
    const validate = contract.response("GET", "/api/v1/portfolios", 200);
    expect(status).toBe(200);
    expect(validate(body), describeErrors(validate)).toBe(true);
    expect(body).toHaveLength(data.portfolios.length);
  });

  it("answers 404 for an unknown portfolio", async () => {
    expect((await get(`${sim.urls.portfolio}/api/v1/portfolio/${"0".repeat(24)}`)).status).toBe(404);
  });
});

describe("Order simulator", () => {
  const contract = loadContract("order", {
    optional: ["OrderWithDetailsDTO.limitPrice", "OrderWithDetailsDTO.tradeOrderId"],
  });

  it("accepts and stores a posted order, then serves it back", async () => {
    const post = {
      portfolioId: data.portfolios[0]!.portfolio_id,
      securityId: data.securities[0]!.security_id,
      orderTypeId: 1,
      quantity: 25,
      limitPrice: 10.5,
    };
    const created = await fetch(`${sim.urls.order}/api/v1/orders`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(post),
    });
    const body = (await created.json()) as { id: number };
    const validateOne = contract.response("POST", "/api/v1/orders", 200);
    expect(created.status).toBe(200);
    expect(validateOne(body), describeErrors(validateOne)).toBe(true);
    const { orderTypeId: _type, ...echoed } = post;
    expect(body).toMatchObject({ ...echoed, orderType: { id: 1, abbreviation: "BUY" } });

    const one = await get(`${sim.urls.order}/api/v1/order/${body.id}`);
    const validateGet = contract.response("GET", "/api/v1/order/{id}", 200);
    expect(validateGet(one.body), describeErrors(validateGet)).toBe(true);

    const all = await get(`${sim.urls.order}/api/v1/orders`);
    const validateList = contract.response("GET", "/api/v1/orders", 200);
    expect(validateList(all.body), describeErrors(validateList)).toBe(true);
    expect(all.body).toContainEqual(body);
  });

  it("rejects an order without a security with 400", async () => {
    const response = await fetch(`${sim.urls.order}/api/v1/orders`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ portfolioId: "p", orderTypeId: 1, quantity: 1 }),
    });
    expect(response.status).toBe(400);
  });
});
