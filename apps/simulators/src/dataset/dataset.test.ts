import { describe, expect, it } from "vitest";
import { generateDataset } from "./generate.js";
import { normaliseDataset } from "./load.js";

describe(generateDataset.name, () => {
  const options = { seed: 7, portfolios: 200, securities: 100, holdingsPerPortfolio: 20 };

  it("generates the same dataset for the same seed and sizes", () => {
    expect(generateDataset(options)).toEqual(generateDataset(options));
    expect(generateDataset({ ...options, seed: 8 })).not.toEqual(generateDataset(options));
  });

  it("generates unique 24-character hex ids, unique tickers and distinct holdings of known securities", () => {
    const dataset = generateDataset(options);
    const ids = [...dataset.securities.map((s) => s.security_id), ...dataset.portfolios.map((p) => p.portfolio_id)];
    expect(ids.every((id) => /^[0-9a-f]{24}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(dataset.securities.map((s) => s.ticker)).size).toBe(100);
    for (const portfolio of dataset.portfolios)
      expect(new Set(portfolio.holdings!.map((h) => h.security_id)).size).toBe(20);
    // A generated dataset passes the same checks as a file.
    expect(normaliseDataset(dataset)).toEqual(dataset);
  });

  it("generates positive prices with two decimals", () => {
    const prices = generateDataset(options).securities.map((s) => s.price);
    expect(prices.every((p) => /^\d+\.\d{2}$/.test(p) && Number(p) > 0)).toBe(true);
  });
});

describe(normaliseDataset.name, () => {
  const security = { security_id: "b00000000000000000000001", ticker: "AAPL", price: 189.95 };

  it("turns numbers into exact decimal strings", () => {
    const dataset = normaliseDataset({
      securities: [security],
      portfolios: [
        {
          portfolio_id: "a00000000000000000000001",
          name: "P",
          cash: 0.1,
          holdings: [{ security_id: security.security_id, quantity: 5 }],
        },
      ],
    });
    expect(dataset.securities[0]!.price).toBe("189.95");
    expect(dataset.portfolios[0]).toMatchObject({ cash: "0.1", holdings: [{ quantity: "5" }] });
  });

  it("rejects a holding of an unknown security, a duplicate id and a non-numeric amount", () => {
    expect(() =>
      normaliseDataset({
        securities: [security],
        portfolios: [
          {
            portfolio_id: "a00000000000000000000001",
            name: "P",
            holdings: [{ security_id: "c00000000000000000000001", quantity: 1 }],
          },
        ],
      }),
    ).toThrow(/unknown security/);
    expect(() => normaliseDataset({ securities: [security, security], portfolios: [] })).toThrow(
      /duplicate security_id/,
    );
    expect(() => normaliseDataset({ securities: [{ ...security, price: "abc" }], portfolios: [] })).toThrow(/decimal/);
    expect(() => normaliseDataset({ securities: [{ ...security, extra: 1 }], portfolios: [] })).toThrow(/extra/);
  });
});
