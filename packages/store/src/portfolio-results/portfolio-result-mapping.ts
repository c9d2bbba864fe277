// Maps results between their domain form (Dec) and their stored form (Decimal128).
import type { ObjectId } from "mongodb";
import type { Dec } from "@ogs/domain";
import { fromDecimal128 as fromStored, fromNullableDecimal128 } from "../decimal128.js";
import { toDecimal128Fast as toStored } from "./fast-decimal128.js";
import type {
  PortfolioOutcome,
  PortfolioResult,
  PortfolioResultDocument,
  PositionDetail,
  PositionDocument,
  TransactionDocument,
  TransactionRecord,
} from "./portfolio-result-document.js";

const toNullable = (value: Dec | null) => (value === null ? null : toStored(value));

function positionToStored(p: PositionDetail): PositionDocument {
  return {
    security_id: p.security_id,
    price: toStored(p.price),
    original_quantity: toStored(p.original_quantity),
    adjusted_quantity: toStored(p.adjusted_quantity),
    original_market_value: toStored(p.original_market_value),
    adjusted_market_value: toStored(p.adjusted_market_value),
    target: toStored(p.target),
    high_drift: toStored(p.high_drift),
    low_drift: toStored(p.low_drift),
    actual: toStored(p.actual),
    actual_drift: toStored(p.actual_drift),
    transaction_type: p.transaction_type,
    trade_quantity: toNullable(p.trade_quantity),
    trade_date: p.trade_date,
  };
}

export function positionFromStored(p: PositionDocument): PositionDetail {
  return {
    security_id: p.security_id,
    price: fromStored(p.price),
    original_quantity: fromStored(p.original_quantity),
    adjusted_quantity: fromStored(p.adjusted_quantity),
    original_market_value: fromStored(p.original_market_value),
    adjusted_market_value: fromStored(p.adjusted_market_value),
    target: fromStored(p.target),
    high_drift: fromStored(p.high_drift),
    low_drift: fromStored(p.low_drift),
    actual: fromStored(p.actual),
    actual_drift: fromStored(p.actual_drift),
    transaction_type: p.transaction_type,
    trade_quantity: fromNullableDecimal128(p.trade_quantity),
    trade_date: p.trade_date,
  };
}

function transactionToStored(t: TransactionRecord): TransactionDocument {
  return {
    transaction_type: t.transaction_type,
    security_id: t.security_id,
    quantity: toStored(t.quantity),
    trade_date: t.trade_date,
  };
}

function transactionFromStored(t: TransactionDocument): TransactionRecord {
  return {
    transaction_type: t.transaction_type,
    security_id: t.security_id,
    quantity: fromStored(t.quantity),
    trade_date: t.trade_date,
  };
}

type OutcomeFields = Pick<
  PortfolioResultDocument,
  | "status"
  | "error"
  | "portfolio_name"
  | "market_value"
  | "cash_before"
  | "cash_after"
  | "positions"
  | "transactions"
  | "finished_at"
>;

/** Every result field of an outcome. */
export function outcomeToFields(outcome: PortfolioOutcome, now: Date): OutcomeFields {
  const empty = { positions: [], transactions: [], finished_at: now };
  switch (outcome.status) {
    case "completed": {
      const s = outcome.solved;
      return {
        ...empty,
        status: "completed",
        error: null,
        portfolio_name: s.portfolio_name,
        market_value: toStored(s.market_value),
        cash_before: toStored(s.cash_before),
        cash_after: toStored(s.cash_after),
        positions: s.positions.map(positionToStored),
        transactions: s.transactions.map(transactionToStored),
      };
    }
    case "infeasible":
      return {
        ...empty,
        status: "infeasible",
        error: outcome.error,
        portfolio_name: outcome.portfolio_name,
        market_value: toNullable(outcome.market_value),
        cash_before: toNullable(outcome.cash_before),
        cash_after: null,
      };
    case "failed":
      return {
        ...empty,
        status: "failed",
        error: outcome.error,
        portfolio_name: outcome.portfolio_name ?? null,
        market_value: null,
        cash_before: null,
        cash_after: null,
      };
    case "cancelled":
      return {
        ...empty,
        status: "cancelled",
        error: outcome.error,
        portfolio_name: null,
        market_value: null,
        cash_before: null,
        cash_after: null,
      };
  }
}

/** A portfolio without a stored outcome yet. */
export function pendingResult(rebalanceId: string, portfolioId: string, status: "queued" | "running"): PortfolioResult {
  return {
    rebalance_id: rebalanceId,
    portfolio_id: portfolioId,
    status,
    error: null,
    portfolio_name: null,
    market_value: null,
    cash_before: null,
    cash_after: null,
    positions: [],
    transactions: [],
    attempts: 0,
    started_at: null,
    finished_at: null,
  };
}

export function resultFromStored(doc: PortfolioResultDocument & { rebalance_id: ObjectId }): PortfolioResult {
  return {
    rebalance_id: doc.rebalance_id.toHexString(),
    portfolio_id: doc.portfolio_id,
    status: doc.status,
    error: doc.error ?? null,
    portfolio_name: doc.portfolio_name ?? null,
    market_value: fromNullableDecimal128(doc.market_value),
    cash_before: fromNullableDecimal128(doc.cash_before),
    cash_after: fromNullableDecimal128(doc.cash_after),
    positions: (doc.positions ?? []).map(positionFromStored),
    transactions: (doc.transactions ?? []).map(transactionFromStored),
    attempts: doc.attempts ?? 0,
    started_at: doc.started_at ?? null,
    finished_at: doc.finished_at ?? null,
  };
}
