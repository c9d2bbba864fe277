// One document per (rebalance, portfolio) in `rebalance_portfolios` (SPEC §5.5 "Storage"): results live
// outside the rebalance document so thousands of portfolios × 100 positions never near 16 MB. A document
// is written once, when the portfolio's outcome is final (insert-only: the unique `_id` makes a repeated
// delivery a no-op); queued and running portfolios have no document yet.
import type { Decimal128, ObjectId } from "mongodb";
import type { Dec } from "@ogs/domain";

export const PORTFOLIO_RESULTS_COLLECTION = "rebalance_portfolios";

export const PORTFOLIO_STATUSES = ["queued", "running", "completed", "infeasible", "failed", "cancelled"] as const;
export type PortfolioStatus = (typeof PORTFOLIO_STATUSES)[number];
/** Portfolios of a rebalance per status. */
export type Progress = Record<PortfolioStatus, number>;
/** Statuses a portfolio never leaves: a retried or duplicated job finds one and does nothing. */
export const FINAL_PORTFOLIO_STATUSES: readonly PortfolioStatus[] = ["completed", "infeasible", "failed", "cancelled"];

export type TransactionType = "BUY" | "SELL";

/** Position detail of SPEC §5.2 step 8, in domain form. */
export interface PositionDetail {
  security_id: string;
  price: Dec;
  original_quantity: Dec;
  adjusted_quantity: Dec;
  original_market_value: Dec;
  adjusted_market_value: Dec;
  target: Dec;
  high_drift: Dec;
  low_drift: Dec;
  actual: Dec;
  actual_drift: Dec;
  transaction_type: TransactionType | null;
  trade_quantity: Dec | null;
  /** `YYYY-MM-DD` (UTC), null when there is no trade. */
  trade_date: string | null;
}

export interface TransactionRecord {
  transaction_type: TransactionType;
  security_id: string;
  quantity: Dec;
  trade_date: string;
}

/** The outcome a job stores; `solved` carries the §5.2 step 9 detail. */
export type PortfolioOutcome =
  | { status: "completed"; solved: SolvedPortfolio }
  | { status: "infeasible"; error: string; portfolio_name: string; market_value: Dec | null; cash_before: Dec | null }
  | { status: "failed"; error: string; portfolio_name?: string }
  | { status: "cancelled"; error: string };

export interface SolvedPortfolio {
  portfolio_name: string;
  market_value: Dec;
  cash_before: Dec;
  cash_after: Dec;
  positions: PositionDetail[];
  transactions: TransactionRecord[];
}

/** A stored result as the repository returns it. */
export interface PortfolioResult {
  rebalance_id: string;
  portfolio_id: string;
  status: PortfolioStatus;
  error: string | null;
  portfolio_name: string | null;
  market_value: Dec | null;
  cash_before: Dec | null;
  cash_after: Dec | null;
  /** Empty unless asked for (they are the bulk of the document). */
  positions: PositionDetail[];
  transactions: TransactionRecord[];
  attempts: number;
  started_at: Date | null;
  finished_at: Date | null;
}

type Stored<T> = { [K in keyof T]: T[K] extends Dec ? Decimal128 : T[K] extends Dec | null ? Decimal128 | null : T[K] };

export type PositionDocument = Stored<PositionDetail>;
export type TransactionDocument = Stored<TransactionRecord>;

export interface PortfolioResultDocument {
  /** `{rebalance_id}-{portfolio_id}`: unique per pair, and one rebalance's results are one `_id` range. */
  _id: string;
  rebalance_id: ObjectId;
  portfolio_id: string;
  status: PortfolioStatus;
  error: string | null;
  portfolio_name: string | null;
  market_value: Decimal128 | null;
  cash_before: Decimal128 | null;
  cash_after: Decimal128 | null;
  positions: PositionDocument[];
  transactions: TransactionDocument[];
  /** Deliveries of the job that produced this result (2+ after a crash or retry). */
  attempts: number;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}
