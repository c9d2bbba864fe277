// The GlobeCo clients over the simulators (SPEC §5.2): amounts as strings or numbers, caches with expiry, coalesced
// lookups, the optional Portfolio service and order submission — against the simulators.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulators, type RunningSimulators } from "@ogs/test-support";
import { dataset, ids, makeClients, type TestClients } from "./support/client-fixture.js";

let strings: RunningSimulators;
let numbers: RunningSimulators;
let current: TestClients | undefined;

beforeAll(async () => {
  [strings, numbers] = await Promise.all([
    startSimulators({ dataset }),
    startSimulators({ dataset, env: { SIMULATOR_ACCOUNTING_AMOUNTS: "number" } }),
  ]);
});
afterAll(async () => {
  await Promise.all([strings?.stop(), numbers?.stop()]);
});
beforeEach(async () => {
  await strings.clearFaults();
  await strings.resetRequestCounts();
});
afterEach(async () => {
  await current?.clients.close();
  current = undefined;
});

const use = (sim: RunningSimulators, overrides: Parameters<typeof makeClients>[1] = {}) =>
  (current = makeClients(sim.urls, overrides));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("portfolio summary", () => {
  it.each([
    ["strings", () => strings],
    ["numbers", () => numbers],
  ])("reads cash and net quantities served as %s exactly", async (_label, sim) => {
    const { clients } = use(sim());
    const summary = await clients.accounting.getPortfolioSummary(ids.rich);
    expect(summary?.cash.toFixed()).toBe("-1234.567");
    expect(summary?.holdings.map((h) => [h.securityId, h.quantity.toFixed()])).toEqual([
      [ids.apple, "100"],
      [ids.bond, "-0.1"],
    ]);
    const cashOnly = await clients.accounting.getPortfolioSummary(ids.cashOnly);
    expect(cashOnly?.cash.toFixed()).toBe("0.1");
    expect(cashOnly?.holdings).toEqual([]);
  });

  it("answers null for a portfolio without balances", async () => {
    const { clients } = use(strings);
    expect(await clients.accounting.getPortfolioSummary(ids.empty)).toBeNull();
  });
});

describe("caches", () => {
  it("serves a ticker from the cache until it expires", async () => {
    const { clients } = use(strings, { tickerTtlMs: 300 });
    const path = `/api/v1/security/${ids.apple}`;
    expect(await clients.security.getTicker(ids.apple)).toBe("AAPL");
    expect(await clients.security.getTicker(ids.apple)).toBe("AAPL");
    expect(await strings.requestCount("security", path)).toBe(1);
    await sleep(400);
    expect(await clients.security.getTicker(ids.apple)).toBe("AAPL");
    expect(await strings.requestCount("security", path)).toBe(2);
  });

  it("serves a price from the cache until it expires", async () => {
    const { clients } = use(strings, { priceTtlMs: 300 });
    expect((await clients.pricing.getPrice("BND", ids.bond)).toFixed()).toBe("72.1");
    expect((await clients.pricing.getPrice("BND", ids.bond)).toFixed()).toBe("72.1");
    expect(await strings.requestCount("pricing")).toBe(1);
    await sleep(400);
    await clients.pricing.getPrice("BND", ids.bond);
    expect(await strings.requestCount("pricing")).toBe(2);
  });

  it("does not cache a failed lookup", async () => {
    const { clients } = use(strings, { retries: 0 });
    await strings.setFaults("security", { error_rate: 1, status: 503 });
    await expect(clients.security.getTicker(ids.apple)).rejects.toThrow();
    await strings.clearFaults();
    expect(await clients.security.getTicker(ids.apple)).toBe("AAPL");
    expect(await strings.requestCount("security")).toBe(2);
  });

  it("coalesces 100 concurrent lookups of one ticker into one request", async () => {
    const { clients } = use(strings);
    await strings.setFaults("security", { latency_ms: 100 });
    const tickers = await Promise.all(Array.from({ length: 100 }, () => clients.security.getTicker(ids.apple)));
    expect(new Set(tickers)).toEqual(new Set(["AAPL"]));
    expect(await strings.requestCount("security")).toBe(1);
  });

  it("coalesces 100 concurrent prices of one security into one ticker and one price request", async () => {
    const { clients } = use(strings);
    await strings.setFaults("pricing", { latency_ms: 100 });
    const prices = await Promise.all(Array.from({ length: 100 }, () => clients.priceOf(ids.apple)));
    expect(new Set(prices.map((p) => p.toFixed()))).toEqual(new Set(["189.95"]));
    expect(await strings.requestCount("security")).toBe(1);
    expect(await strings.requestCount("pricing")).toBe(1);
  });

  it("answers a price from its caches at once once it was looked up, and nothing before", async () => {
    const { clients } = use(strings);
    expect(clients.cachedPriceOf(ids.apple)).toBeUndefined();
    const price = await clients.priceOf(ids.apple);
    expect(clients.cachedPriceOf(ids.apple)).toBe(price);
  });

  it("answers a lookup whose entry was evicted while it was in flight (a full cache is no error)", async () => {
    const { clients } = use(strings, { cacheMaxEntries: 1 });
    await strings.setFaults("security", { latency_ms: 300 });
    const first = clients.security.getTicker(ids.apple);
    await sleep(50);
    // The second lookup's entry pushes the first, still in flight, out of the one-entry cache.
    const [apple, bond] = await Promise.all([first, clients.security.getTicker(ids.bond)]);
    expect([apple, bond]).toEqual(["AAPL", "BND"]);
  });

  it("keeps at most the configured number of entries", async () => {
    const { clients } = use(strings, { cacheMaxEntries: 1 });
    await clients.security.getTicker(ids.apple);
    await clients.security.getTicker(ids.bond);
    await clients.security.getTicker(ids.apple);
    expect(await strings.requestCount("security")).toBe(3);
  });
});

describe("portfolio names", () => {
  it("reads a portfolio's name", async () => {
    const { clients } = use(strings);
    expect(await clients.portfolio.getPortfolioName(ids.rich)).toBe("Rich Fund");
  });

  it("answers undefined when the optional Portfolio service is down or does not know the id, and logs the outage", async () => {
    const { clients, logs } = use(strings, { retries: 0 });
    expect(await clients.portfolio.getPortfolioName(ids.unknown)).toBeUndefined();
    expect(logs.filter((line) => line.msg === "portfolio name unavailable; the portfolio id stands in for it")).toEqual(
      [],
    );
    await strings.setFaults("portfolio", { down: true });
    expect(await clients.portfolio.getPortfolioName(ids.rich)).toBeUndefined();
    expect(logs.filter((line) => line.msg === "portfolio name unavailable; the portfolio id stands in for it")).toEqual(
      [expect.objectContaining({ level: 40, service: "portfolio", portfolio_id: ids.rich })],
    );
  });
});

describe("orders", () => {
  it("submits orders, which the Order service stores", async () => {
    const { clients } = use(strings);
    const orders = [
      { portfolioId: ids.rich, securityId: ids.apple, orderTypeId: 1, quantity: 10 },
      { portfolioId: ids.rich, securityId: ids.bond, orderTypeId: 2, quantity: 3 },
    ];
    const created = (await clients.order.submitOrders(orders)) as { id: number }[];
    expect(created).toHaveLength(2);
    const stored = (await (await fetch(`${strings.urls.order}/api/v1/orders`)).json()) as { securityId: string }[];
    expect(stored.map((o) => o.securityId)).toEqual(expect.arrayContaining([ids.apple, ids.bond]));
  });

  it("does not retry a failed order submission, so an order is never placed twice", async () => {
    const { clients } = use(strings, { retries: 3, retryBaseMs: 10 });
    await strings.setFaults("order", { error_rate: 1, status: 503 });
    await expect(
      clients.order.submitOrders([{ portfolioId: ids.rich, securityId: ids.apple, orderTypeId: 1, quantity: 1 }]),
    ).rejects.toMatchObject({ service: "order" });
    expect(await strings.requestCount("order")).toBe(1);
  });
});
