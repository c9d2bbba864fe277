// Domain outcome ↔ stored outcome. Only facts are stored (cash, and per security its price, quantity and
// adjusted quantity, all Decimal128); market values, weights, drifts and trades are derived on read (domain
// `createPortfolioReporter`), so a stored result is ~4 decimals a position instead of ~12. Each outcome is one
// BSON document kept as a binary value in its result group (documents.ts says why).
import { Binary, BSON, type Decimal128 } from "mongodb";
import type { Dec, PortfolioOutcome, PortfolioRun, SolvedPosition } from "@ogs/domain";
import { fromDecimal128, toDecimal128 } from "../decimal128.js";
import type { StoredOutcome, StoredPosition } from "./documents.js";

/**
 * Prices are one Dec per security shared by every portfolio of a rebalance (the clients cache them), so each
 * is encoded once per process rather than once per portfolio; Decimal128 values are never mutated.
 */
const encodedPrices = new WeakMap<Dec, Decimal128>();

function priceDecimal128(price: Dec): Decimal128 {
  let encoded = encodedPrices.get(price);
  if (!encoded) {
    encoded = toDecimal128(price);
    encodedPrices.set(price, encoded);
  }
  return encoded;
}

/** The outcome as the binary value its result group keeps. */
export function packOutcome(outcome: PortfolioOutcome, run: PortfolioRun, finishedAt: Date): Binary {
  return new Binary(BSON.serialize(encodeOutcome(outcome, run, finishedAt)));
}

/** The outcome of a binary value written by `packOutcome`. */
export function unpackOutcome(packed: Binary): { outcome: PortfolioOutcome; run: PortfolioRun } {
  return decodeOutcome(BSON.deserialize(packed.buffer) as StoredOutcome);
}

export function encodeOutcome(outcome: PortfolioOutcome, run: PortfolioRun, finishedAt: Date): StoredOutcome {
  const base = { attempts: run.attempts, started_at: run.startedAt, finished_at: run.finishedAt ?? finishedAt };
  switch (outcome.status) {
    case "completed":
    case "infeasible":
      return {
        ...base,
        status: outcome.status,
        portfolio_name: outcome.portfolioName,
        error: outcome.error ?? null,
        cash: toDecimal128(outcome.cash),
        positions: outcome.positions.map((p): StoredPosition => [
          p.securityId,
          priceDecimal128(p.price),
          toDecimal128(p.quantity),
          toDecimal128(p.adjustedQuantity),
        ]),
        trade_date: outcome.tradeDate,
      };
    case "failed":
    case "cancelled":
      return {
        ...base,
        status: outcome.status,
        portfolio_name: outcome.status === "failed" ? (outcome.portfolioName ?? null) : null,
        error: outcome.error,
        cash: null,
        positions: [],
        trade_date: null,
      };
  }
}

export function decodeOutcome(stored: StoredOutcome): { outcome: PortfolioOutcome; run: PortfolioRun } {
  const run = { attempts: stored.attempts, startedAt: stored.started_at, finishedAt: stored.finished_at };
  switch (stored.status) {
    case "completed":
    case "infeasible":
      return {
        run,
        outcome: {
          status: stored.status,
          portfolioName: stored.portfolio_name ?? "",
          cash: fromDecimal128(stored.cash as NonNullable<StoredOutcome["cash"]>),
          positions: stored.positions.map(([securityId, price, quantity, adjusted]): SolvedPosition => ({
            securityId,
            price: fromDecimal128(price),
            quantity: fromDecimal128(quantity),
            adjustedQuantity: fromDecimal128(adjusted),
          })),
          tradeDate: stored.trade_date ?? "",
          ...(stored.error !== null ? { error: stored.error } : {}),
        },
      };
    case "failed":
      return {
        run,
        outcome: {
          status: "failed",
          error: stored.error ?? "",
          ...(stored.portfolio_name !== null ? { portfolioName: stored.portfolio_name } : {}),
        },
      };
    case "cancelled":
      return { run, outcome: { status: "cancelled", error: stored.error ?? "" } };
  }
}
