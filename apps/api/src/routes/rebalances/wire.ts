// Domain → wire for rebalances (SPEC §3, §5.5): the original service's field names, snake_case. Stored
// results keep their amounts as Dec here and go out through `stringifyExact` as exact JSON numbers; the
// synchronous RebalanceDTO's drifts are exact strings. Trade quantities are whole shares: plain numbers.
import {
  Dec,
  formatDecimal,
  rebalanceLinks,
  type PortfolioReport,
  type PositionReport,
  type Rebalance,
  type TransactionReport,
} from "@ogs/domain";
import type {
  AcceptedOutput,
  DriftOutput,
  RebalanceDtoOutput,
  RebalanceStatusOutput,
  TransactionOutput,
} from "./schemas.js";

/** A position as served, amounts still exact decimals (SPEC §5.2 step 8). */
export interface PositionWire {
  security_id: string;
  price: Dec;
  original_quantity: Dec;
  adjusted_quantity: Dec;
  original_position_market_value: Dec;
  adjusted_position_market_value: Dec;
  target: Dec;
  high_drift: Dec;
  low_drift: Dec;
  actual: Dec;
  actual_drift: Dec;
  transaction_type: "BUY" | "SELL" | null;
  trade_quantity: number | null;
  trade_date: string | null;
}

/** A portfolio as served (SPEC §5.2 step 9); amounts the portfolio has no data for are 0 (its `status` says why). */
export interface PortfolioWire {
  portfolio_id: string;
  portfolio_name: string | null;
  status: PortfolioReport["status"];
  error: string | null;
  market_value: Dec;
  cash_before_rebalance: Dec;
  cash_after_rebalance: Dec;
  transactions: TransactionOutput[];
  positions: PositionWire[];
}

const ZERO = new Dec(0);
/** Trade quantities are whole shares, so a JSON number is exact (SPEC §3). */
const count = (value: Dec): number => value.toNumber();

export function acceptedToWire(rebalance: Pick<Rebalance, "id" | "status" | "numberOfPortfolios">): AcceptedOutput {
  return {
    rebalance_id: rebalance.id,
    status: rebalance.status,
    number_of_portfolios: rebalance.numberOfPortfolios,
    links: rebalanceLinks(rebalance.id),
  };
}

export function statusToWire(rebalance: Rebalance): RebalanceStatusOutput {
  return {
    rebalance_id: rebalance.id,
    model_id: rebalance.modelId,
    model_name: rebalance.modelName,
    rebalance_date: rebalance.createdAt.toISOString(),
    number_of_portfolios: rebalance.numberOfPortfolios,
    status: rebalance.status,
    progress: rebalance.progress,
    error: rebalance.failure ? { service: rebalance.failure.service, message: rebalance.failure.message } : null,
    version: rebalance.version,
    created_at: rebalance.createdAt.toISOString(),
    completed_at: rebalance.completedAt ? rebalance.completedAt.toISOString() : null,
    links: rebalanceLinks(rebalance.id),
  };
}

export function transactionToWire(t: TransactionReport): TransactionOutput {
  return {
    transaction_type: t.transactionType,
    security_id: t.securityId,
    quantity: count(t.quantity),
    trade_date: t.tradeDate,
  };
}

export function positionToWire(p: PositionReport): PositionWire {
  return {
    security_id: p.securityId,
    price: p.price,
    original_quantity: p.originalQuantity,
    adjusted_quantity: p.adjustedQuantity,
    original_position_market_value: p.originalPositionMarketValue,
    adjusted_position_market_value: p.adjustedPositionMarketValue,
    target: p.target,
    high_drift: p.highDrift,
    low_drift: p.lowDrift,
    actual: p.actual,
    actual_drift: p.actualDrift,
    transaction_type: p.transactionType,
    trade_quantity: p.tradeQuantity === null ? null : count(p.tradeQuantity),
    trade_date: p.tradeDate,
  };
}

export function portfolioToWire(report: PortfolioReport): PortfolioWire {
  return {
    portfolio_id: report.portfolioId,
    portfolio_name: report.portfolioName,
    status: report.status,
    error: report.error,
    market_value: report.marketValue ?? ZERO,
    cash_before_rebalance: report.cashBefore ?? ZERO,
    cash_after_rebalance: report.cashAfter ?? ZERO,
    transactions: report.transactions.map(transactionToWire),
    positions: report.positions.map(positionToWire),
  };
}

function driftToWire(p: PositionReport): DriftOutput {
  return {
    security_id: p.securityId,
    original_quantity: formatDecimal(p.originalQuantity),
    adjusted_quantity: formatDecimal(p.adjustedQuantity),
    target: formatDecimal(p.target),
    high_drift: formatDecimal(p.highDrift),
    low_drift: formatDecimal(p.lowDrift),
    actual: formatDecimal(p.actual),
  };
}

/**
 * The original synchronous answer for one portfolio (SPEC §5.5 RebalanceDTO): its trades and drift lines, or,
 * when it was not solved, empty lists with its status and error.
 */
export function rebalanceDtoToWire(rebalanceId: string, report: PortfolioReport): RebalanceDtoOutput {
  const solved = report.status === "completed";
  return {
    portfolio_id: report.portfolioId,
    portfolio_name: report.portfolioName ?? report.portfolioId,
    rebalance_id: rebalanceId,
    status: report.status === "queued" || report.status === "running" ? "failed" : report.status,
    error: report.error,
    transactions: solved ? report.transactions.map(transactionToWire) : [],
    drifts: solved ? report.positions.map(driftToWire) : [],
  };
}
