// Rebalances the original GlobeCo service wrote into the same `rebalances` collection (its Beanie model
// `src/models/rebalance.py`): every portfolio embedded, decimals as Decimal128, no status. They are read
// as they are — never converted — so swapping back to the original stays possible: a finished rebalance
// whose skipped (failed) portfolios show only in `number_of_portfolios`.
import { Dec, type PortfolioReport, type PositionReport, type Rebalance, type RebalanceStatus } from "@ogs/domain";
import { Decimal128, type ObjectId } from "mongodb";

interface OriginalPosition {
  security_id: string;
  price: unknown;
  original_quantity: unknown;
  adjusted_quantity: unknown;
  original_position_market_value: unknown;
  adjusted_position_market_value: unknown;
  target: unknown;
  high_drift: unknown;
  low_drift: unknown;
  actual: unknown;
  actual_drift: unknown;
  transaction_type?: "BUY" | "SELL" | null;
  trade_quantity?: number | null;
  trade_date?: Date | null;
}

interface OriginalPortfolio {
  portfolio_id: string;
  market_value: unknown;
  cash_before_rebalance: unknown;
  cash_after_rebalance: unknown;
  positions?: OriginalPosition[];
}

export interface OriginalRebalanceDocument {
  _id: ObjectId;
  model_id: ObjectId | string;
  rebalance_date: Date;
  model_name: string;
  number_of_portfolios: number;
  portfolios: OriginalPortfolio[];
  version?: number;
  created_at?: Date;
}

/** Ours carry `bucket_size`; the original's embed `portfolios`. */
export function isOriginalDocument(doc: object): doc is OriginalRebalanceDocument {
  return !("bucket_size" in doc) && Array.isArray((doc as { portfolios?: unknown }).portfolios);
}

/** Decimal128 as Beanie writes it; numbers or strings from hand-written or migrated documents. */
function decimal(value: unknown): Dec {
  if (value instanceof Decimal128) return new Dec(value.toString());
  if (typeof value === "number" || typeof value === "string") return new Dec(value);
  return new Dec(0);
}

function originalStatus(solved: number, total: number): RebalanceStatus {
  if (solved === 0 && total > 0) return "failed";
  return solved >= total ? "completed" : "completed_with_errors";
}

export function originalRebalance(doc: OriginalRebalanceDocument): Rebalance {
  const solved = doc.portfolios.length;
  const total = Math.max(doc.number_of_portfolios, solved);
  const createdAt = doc.created_at ?? doc.rebalance_date;
  return {
    id: doc._id.toHexString(),
    modelId: typeof doc.model_id === "string" ? doc.model_id : doc.model_id.toHexString(),
    modelName: doc.model_name,
    snapshot: null,
    numberOfPortfolios: total,
    status: originalStatus(solved, total),
    failure: null,
    // The original stored only the portfolios it solved; the others failed.
    progress: { queued: 0, running: 0, completed: solved, infeasible: 0, failed: total - solved, cancelled: 0 },
    version: doc.version ?? 1,
    requestId: "",
    callbackUrl: null,
    createdAt,
    startedAt: doc.rebalance_date,
    completedAt: doc.rebalance_date,
    origin: "original",
  };
}

const dateOnly = (value: Date | null | undefined): string | null => (value ? value.toISOString().slice(0, 10) : null);

function originalPosition(p: OriginalPosition): PositionReport {
  const tradeQuantity = p.trade_quantity === null || p.trade_quantity === undefined ? null : new Dec(p.trade_quantity);
  return {
    securityId: p.security_id,
    price: decimal(p.price),
    originalQuantity: decimal(p.original_quantity),
    adjustedQuantity: decimal(p.adjusted_quantity),
    originalPositionMarketValue: decimal(p.original_position_market_value),
    adjustedPositionMarketValue: decimal(p.adjusted_position_market_value),
    target: decimal(p.target),
    highDrift: decimal(p.high_drift),
    lowDrift: decimal(p.low_drift),
    actual: decimal(p.actual),
    actualDrift: decimal(p.actual_drift),
    transactionType: p.transaction_type ?? null,
    tradeQuantity,
    tradeDate: dateOnly(p.trade_date),
  };
}

/** The embedded portfolios, in their stored order, as reports (the original kept every figure, so nothing is derived). */
export function originalPortfolioReports(doc: OriginalRebalanceDocument): PortfolioReport[] {
  return doc.portfolios.map((portfolio) => {
    const positions = (portfolio.positions ?? []).map(originalPosition);
    return {
      portfolioId: portfolio.portfolio_id,
      portfolioName: null,
      status: "completed",
      error: null,
      marketValue: decimal(portfolio.market_value),
      cashBefore: decimal(portfolio.cash_before_rebalance),
      cashAfter: decimal(portfolio.cash_after_rebalance),
      positions,
      run: { attempts: 1, startedAt: null, finishedAt: null },
      transactions: positions.flatMap((p) =>
        p.transactionType && p.tradeQuantity
          ? [
              {
                transactionType: p.transactionType,
                securityId: p.securityId,
                quantity: p.tradeQuantity,
                tradeDate: p.tradeDate ?? "",
              },
            ]
          : [],
      ),
    };
  });
}
