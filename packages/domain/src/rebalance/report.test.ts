import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Dec } from "../money.js";
import type { Position } from "../model/types.js";
import { deriveRebalanceResult } from "./derive-result.js";
import { computeMarketValue } from "./market-value.js";
import type { PortfolioRun, SolvedPosition } from "./record.js";
import { createPortfolioReporter } from "./report.js";

const sid = (n: number) => `SEC${String(n).padStart(21, "0")}`;
const run: PortfolioRun = { attempts: 1, startedAt: null, finishedAt: null };
const TRADE_DATE = "2026-12-04";

/** Decimals with up to 3 places, negatives included (short holdings, overdrawn cash: SPEC §5.2 step 1). */
const amount = (min: number, max: number) =>
  fc.integer({ min: min * 1000, max: max * 1000 }).map((n) => new Dec(n).div(1000));
const arbitraryCase = fc.record({
  cash: amount(-50_000, 500_000),
  positions: fc.array(
    fc.record({
      inModel: fc.boolean(),
      target: fc.integer({ min: 0, max: 190 }).map((k) => new Dec(k).times("0.005")),
      drift: fc.integer({ min: 0, max: 100 }).map((k) => new Dec(k).div(100)),
      price: amount(0, 5_000).map((p) => p.plus("0.001")),
      quantity: fc.integer({ min: -500, max: 5_000 }).map((n) => new Dec(n)),
      trade: fc.integer({ min: -500, max: 500 }),
    }),
    { maxLength: 30 },
  ),
});

describe(createPortfolioReporter.name, () => {
  it("derives every figure as deriveRebalanceResult does, each position's trade date with its trade", () => {
    fc.assert(
      fc.property(arbitraryCase, (testCase) => {
        const snapshot: Position[] = [];
        const facts: SolvedPosition[] = testCase.positions.map((p, index) => {
          if (p.inModel)
            snapshot.push({ securityId: sid(index), target: p.target, highDrift: p.drift, lowDrift: p.drift });
          const adjusted = Dec.max(0, p.quantity.plus(p.trade));
          return { securityId: sid(index), price: p.price, quantity: p.quantity, adjustedQuantity: adjusted };
        });
        const sut = createPortfolioReporter(snapshot);
        const report = sut({
          portfolioId: "P1",
          status: "completed",
          outcome: {
            status: "completed",
            portfolioName: "Fund",
            cash: testCase.cash,
            positions: facts,
            tradeDate: TRADE_DATE,
          },
          run,
        });
        const zero = new Dec(0);
        const input = {
          cash: testCase.cash,
          positions: facts.map((f) => {
            const band = snapshot.find((s) => s.securityId === f.securityId);
            return {
              securityId: f.securityId,
              quantity: f.quantity,
              price: f.price,
              target: band?.target ?? zero,
              lowDrift: band?.lowDrift ?? zero,
              highDrift: band?.highDrift ?? zero,
            };
          }),
        };
        const expected = deriveRebalanceResult({
          input,
          marketValue: computeMarketValue(input),
          quantities: facts.map((f) => f.adjustedQuantity),
          outcome: "optimal",
          solveMs: 0,
        });
        const text = (value: unknown) => JSON.stringify(value);
        expect(text(report.marketValue)).toBe(text(expected.marketValue));
        expect(text(report.cashBefore)).toBe(text(expected.cashBefore));
        expect(text(report.cashAfter)).toBe(text(expected.cashAfter));
        expect(text(report.positions)).toBe(
          text(expected.positions.map((p) => ({ ...p, tradeDate: p.transactionType ? TRADE_DATE : null }))),
        );
        expect(text(report.transactions)).toBe(
          text(expected.transactions.map((t) => ({ ...t, tradeDate: TRADE_DATE }))),
        );
      }),
      { numRuns: 300 },
    );
  });

  it("reports an untraded infeasible portfolio with its holdings and no transactions", () => {
    const sut = createPortfolioReporter([
      { securityId: sid(1), target: new Dec("0.5"), highDrift: new Dec("0.01"), lowDrift: new Dec("0.01") },
    ]);
    const report = sut({
      portfolioId: "P1",
      status: "infeasible",
      outcome: {
        status: "infeasible",
        portfolioName: "Fund",
        cash: new Dec("100"),
        positions: [{ securityId: sid(1), price: new Dec("12.5"), quantity: new Dec(8), adjustedQuantity: new Dec(8) }],
        tradeDate: TRADE_DATE,
        error: "no feasible solution exists",
      },
      run,
    });
    expect(report.marketValue?.toFixed()).toBe("200");
    expect(report.cashAfter?.toFixed()).toBe("100");
    expect(report.transactions).toEqual([]);
    expect(report.positions[0]).toMatchObject({ transactionType: null, tradeQuantity: null, tradeDate: null });
    expect(report.positions[0]?.actual.toFixed()).toBe("0.5");
    expect(report.error).toBe("no feasible solution exists");
  });
});
