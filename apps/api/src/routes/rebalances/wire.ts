// Domain → wire for rebalances (SPEC §3, §5.5): the original service's field names, snake_case. Stored
// results are written as JSON text here, every amount a JSON number with the decimal's own digits (never
// through a binary float; JSON.stringify cannot emit such a literal, and serialising by hand is also what
// keeps a 10,000-portfolio document cheap to stream). The synchronous RebalanceDTO's drifts are exact
// strings. Trade quantities are whole shares: plain numbers.
import {
  Dec,
  formatDecimal,
  rebalanceLinks,
  type PortfolioReport,
  type PositionReport,
  type Rebalance,
  type TransactionReport,
  rebalanceOptionsToJson,
} from "@ogs/domain";
import type {
  AcceptedOutput,
  DriftOutput,
  RebalanceDtoOutput,
  RebalanceStatusOutput,
  TransactionOutput,
} from "./schemas.js";

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
    options: rebalanceOptionsToJson(rebalance.snapshot?.options ?? {}),
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

/** An exact decimal as a JSON number literal: plain notation, its own digits. */
const num = (value: Dec): string => formatDecimal(value);
const str = (value: string | null): string => JSON.stringify(value);

/** One position (SPEC §5.2 step 8) as JSON text. */
export function positionJson(p: PositionReport): string {
  return (
    `{"security_id":${str(p.securityId)},"price":${num(p.price)},` +
    `"original_quantity":${num(p.originalQuantity)},"adjusted_quantity":${num(p.adjustedQuantity)},` +
    `"original_position_market_value":${num(p.originalPositionMarketValue)},` +
    `"adjusted_position_market_value":${num(p.adjustedPositionMarketValue)},` +
    `"target":${num(p.target)},"high_drift":${num(p.highDrift)},"low_drift":${num(p.lowDrift)},` +
    `"actual":${num(p.actual)},"actual_drift":${num(p.actualDrift)},` +
    `"transaction_type":${str(p.transactionType)},` +
    `"trade_quantity":${p.tradeQuantity === null ? "null" : num(p.tradeQuantity)},"trade_date":${str(p.tradeDate)}}`
  );
}

/**
 * One portfolio (SPEC §5.2 step 9) as JSON text; amounts the portfolio has no data for are 0 (its `status`
 * says why), so a client's arithmetic over them never meets a null.
 */
export function portfolioJson(report: PortfolioReport): string {
  const amount = (value: Dec | null) => num(value ?? ZERO);
  return (
    `{"portfolio_id":${str(report.portfolioId)},"portfolio_name":${str(report.portfolioName)},` +
    `"status":${str(report.status)},"error":${str(report.error)},"market_value":${amount(report.marketValue)},` +
    `"cash_before_rebalance":${amount(report.cashBefore)},"cash_after_rebalance":${amount(report.cashAfter)},` +
    `"transactions":${JSON.stringify(report.transactions.map(transactionToWire))},` +
    `"positions":[${report.positions.map(positionJson).join(",")}]}`
  );
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
