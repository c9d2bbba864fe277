// Turns the optimizer's result into the stored portfolio detail (SPEC §5.2 steps 6–9): trade date is
// today in UTC, stamped on every transaction and on the positions that trade.
import type { RebalanceResult } from "@ogs/domain";
import type { SolvedPortfolio } from "@ogs/store";

/** `YYYY-MM-DD` of `now` in UTC. */
export function utcTradeDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export function toSolvedPortfolio(result: RebalanceResult, portfolioName: string, tradeDate: string): SolvedPortfolio {
  return {
    portfolio_name: portfolioName,
    market_value: result.marketValue,
    cash_before: result.cashBefore,
    cash_after: result.cashAfter,
    positions: result.positions.map((p) => ({
      security_id: p.securityId,
      price: p.price,
      original_quantity: p.originalQuantity,
      adjusted_quantity: p.adjustedQuantity,
      original_market_value: p.originalPositionMarketValue,
      adjusted_market_value: p.adjustedPositionMarketValue,
      target: p.target,
      high_drift: p.highDrift,
      low_drift: p.lowDrift,
      actual: p.actual,
      actual_drift: p.actualDrift,
      transaction_type: p.transactionType,
      trade_quantity: p.tradeQuantity,
      trade_date: p.transactionType ? tradeDate : null,
    })),
    transactions: result.transactions.map((t) => ({
      transaction_type: t.transactionType,
      security_id: t.securityId,
      quantity: t.quantity,
      trade_date: tradeDate,
    })),
  };
}
