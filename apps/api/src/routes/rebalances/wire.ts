// Store <-> wire mapping for rebalances (SPEC §3, §5.5): snake_case JSON, decimals as exact strings,
// integer trade quantities as JSON numbers.
import { formatDecimal, type Dec } from "@ogs/domain";
import type { PortfolioResult, PositionDetail, Progress, Rebalance, TransactionRecord } from "@ogs/store";
import { API_PREFIX } from "../../http/openapi.js";
import type {
  AcceptedOutput,
  PortfolioDetailOutput,
  PositionDetailOutput,
  RebalanceDtoOutput,
  RebalanceSummaryOutput,
  TransactionOutput,
} from "./schemas.js";

const text = (value: Dec | null): string | null => (value === null ? null : formatDecimal(value));
/** Trade quantities are whole shares, so a JSON number is exact (SPEC §3). */
const count = (value: Dec): number => value.toNumber();

export function rebalanceLinks(rebalanceId: string): AcceptedOutput["links"] {
  const self = `${API_PREFIX}/rebalance/${rebalanceId}`;
  return { self, portfolios: `${self}/portfolios` };
}

export function acceptedToWire(
  rebalance: Pick<Rebalance, "rebalance_id" | "status" | "number_of_portfolios">,
): AcceptedOutput {
  return {
    rebalance_id: rebalance.rebalance_id,
    status: rebalance.status,
    number_of_portfolios: rebalance.number_of_portfolios,
    links: rebalanceLinks(rebalance.rebalance_id),
  };
}

export function summaryToWire(rebalance: Rebalance, progress: Progress): RebalanceSummaryOutput {
  return {
    rebalance_id: rebalance.rebalance_id,
    model_id: rebalance.model_id,
    model_name: rebalance.model_name,
    rebalance_date: rebalance.created_at.toISOString(),
    number_of_portfolios: rebalance.number_of_portfolios,
    status: rebalance.status,
    progress,
    error: rebalance.failure ? { service: rebalance.failure.service, message: rebalance.failure.message } : null,
    version: rebalance.version,
    created_at: rebalance.created_at.toISOString(),
    completed_at: rebalance.completed_at ? rebalance.completed_at.toISOString() : null,
    links: rebalanceLinks(rebalance.rebalance_id),
  };
}

export function transactionToWire(t: TransactionRecord): TransactionOutput {
  return {
    transaction_type: t.transaction_type,
    security_id: t.security_id,
    quantity: count(t.quantity),
    trade_date: t.trade_date,
  };
}

export function positionToWire(p: PositionDetail): PositionDetailOutput {
  return {
    security_id: p.security_id,
    price: formatDecimal(p.price),
    original_quantity: formatDecimal(p.original_quantity),
    adjusted_quantity: formatDecimal(p.adjusted_quantity),
    original_market_value: formatDecimal(p.original_market_value),
    adjusted_market_value: formatDecimal(p.adjusted_market_value),
    target: formatDecimal(p.target),
    high_drift: formatDecimal(p.high_drift),
    low_drift: formatDecimal(p.low_drift),
    actual: formatDecimal(p.actual),
    actual_drift: formatDecimal(p.actual_drift),
    transaction_type: p.transaction_type,
    trade_quantity: p.trade_quantity === null ? null : count(p.trade_quantity),
    trade_date: p.trade_date,
  };
}

export function portfolioToWire(result: PortfolioResult): PortfolioDetailOutput {
  return {
    portfolio_id: result.portfolio_id,
    portfolio_name: result.portfolio_name,
    status: result.status,
    error: result.error,
    market_value: text(result.market_value),
    cash_before: text(result.cash_before),
    cash_after: text(result.cash_after),
    transactions: result.transactions.map(transactionToWire),
    positions: result.positions.map(positionToWire),
  };
}

/** The original synchronous answer for one solved portfolio (SPEC §5.5 RebalanceDTO). */
export function rebalanceDtoToWire(result: PortfolioResult): RebalanceDtoOutput {
  return {
    portfolio_id: result.portfolio_id,
    portfolio_name: result.portfolio_name ?? result.portfolio_id,
    rebalance_id: result.rebalance_id,
    transactions: result.transactions.map(transactionToWire),
    drifts: result.positions.map((p) => ({
      security_id: p.security_id,
      original_quantity: formatDecimal(p.original_quantity),
      adjusted_quantity: formatDecimal(p.adjusted_quantity),
      target: formatDecimal(p.target),
      high_drift: formatDecimal(p.high_drift),
      low_drift: formatDecimal(p.low_drift),
      actual: formatDecimal(p.actual),
    })),
  };
}
