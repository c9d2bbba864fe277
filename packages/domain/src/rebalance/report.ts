// A stored portfolio outcome as it is reported (SPEC §5.2 steps 6–9): every figure — position values,
// actual weights and drifts, trades, market value, cash after — is derived from the stored facts and the
// model snapshot by the same rules the solve used (report.test.ts holds it equal to deriveRebalanceResult),
// so a report always agrees with its trades.
import { Dec, roundTo } from "../money.js";
import type { Position } from "../model/types.js";
import { computePositionValue } from "./market-value.js";
import { computeActual, computeActualDrift, tradeOf } from "./derive-result.js";
import type { PortfolioOutcome, PortfolioRun, PortfolioState, PortfolioStatus, SolvedPosition } from "./record.js";
import type { PositionResult, Transaction } from "./types.js";

export interface PositionReport extends PositionResult {
  /** `YYYY-MM-DD` of the trade; null when the position does not trade. */
  tradeDate: string | null;
}

export interface TransactionReport extends Transaction {
  tradeDate: string;
}

/** One portfolio of a rebalance as the API serves it (SPEC §5.5 "Rebalance document"). */
export interface PortfolioReport {
  portfolioId: string;
  /** The Portfolio service's name (or the id when it was down); null while nothing is stored. */
  portfolioName: string | null;
  status: PortfolioStatus;
  /** Why a portfolio is infeasible, failed or cancelled. */
  error: string | null;
  /** Null when the portfolio has no solved data (queued, running, failed, cancelled). */
  marketValue: Dec | null;
  cashBefore: Dec | null;
  cashAfter: Dec | null;
  positions: PositionReport[];
  transactions: TransactionReport[];
  /** How the job that stored the outcome ran; null while nothing is stored. */
  run: PortfolioRun | null;
}

const ZERO = new Dec(0);
const UNSOLVED = { marketValue: null, cashBefore: null, cashAfter: null, positions: [], transactions: [] };

/** Reports the portfolios of one rebalance; the snapshot's positions are indexed once for all of them. */
export function createPortfolioReporter(snapshot: readonly Position[]): (state: PortfolioState) => PortfolioReport {
  const bands = new Map(snapshot.map((position) => [position.securityId, position]));

  /**
   * The figures of `deriveRebalanceResult` (SPEC §5.2 steps 4–9) without what a report never shows (the
   * objective) and without copies: each position's line is built once, as its final object. A document read
   * derives 500,000 of them; an object spread (`{ ...line, tradeDate }`) was measured to land its copies in
   * V8's old space (Node 20), where they kept each line's decimals alive past every scavenge — the API's heap
   * then grew by ~12 KB per portfolio read until a full collection.
   */
  function solved(
    portfolioId: string,
    outcome: Extract<PortfolioOutcome, { cash: Dec }>,
    run: PortfolioRun,
  ): PortfolioReport {
    const facts = outcome.positions;
    // MV = C + Σ round₃(uᵢ·pᵢ), rounded to 3 decimals (SPEC §5.2 step 4); each rounded value is also its line's.
    const originalValues: Dec[] = new Array<Dec>(facts.length);
    let total = outcome.cash;
    for (let index = 0; index < facts.length; index += 1) {
      const fact = facts[index] as SolvedPosition;
      const value = computePositionValue(fact.quantity, fact.price);
      originalValues[index] = value;
      total = total.plus(value);
    }
    const marketValue = roundTo(total, 3);
    const positions: PositionReport[] = [];
    const transactions: TransactionReport[] = [];
    let invested = ZERO;
    for (let index = 0; index < facts.length; index += 1) {
      const { securityId, price, quantity, adjustedQuantity } = facts[index] as SolvedPosition;
      const band = bands.get(securityId);
      const target = band?.target ?? ZERO;
      const exactValue = adjustedQuantity.times(price);
      invested = invested.plus(exactValue);
      const delta = adjustedQuantity.minus(quantity);
      const transactionType = tradeOf(delta);
      const tradeQuantity = transactionType ? delta.abs() : null;
      if (transactionType && tradeQuantity)
        transactions.push({ transactionType, securityId, quantity: tradeQuantity, tradeDate: outcome.tradeDate });
      const actual = computeActual(exactValue, marketValue);
      positions.push({
        securityId,
        price,
        originalQuantity: quantity,
        adjustedQuantity,
        originalPositionMarketValue: originalValues[index] as Dec,
        adjustedPositionMarketValue: roundTo(exactValue, 3),
        target,
        highDrift: band?.highDrift ?? ZERO,
        lowDrift: band?.lowDrift ?? ZERO,
        actual,
        actualDrift: computeActualDrift(actual, target),
        transactionType,
        tradeQuantity,
        tradeDate: transactionType ? outcome.tradeDate : null,
      });
    }
    return {
      portfolioId,
      portfolioName: outcome.portfolioName,
      status: outcome.status,
      error: outcome.error ?? null,
      marketValue,
      cashBefore: outcome.cash,
      cashAfter: marketValue.minus(invested),
      positions,
      transactions,
      run,
    };
  }

  return (state) => {
    if (!("outcome" in state)) {
      return {
        portfolioId: state.portfolioId,
        portfolioName: null,
        status: state.status,
        error: null,
        ...UNSOLVED,
        run: null,
      };
    }
    const { outcome } = state;
    switch (outcome.status) {
      case "completed":
      case "infeasible":
        return solved(state.portfolioId, outcome, state.run);
      case "failed":
      case "cancelled":
        return {
          portfolioId: state.portfolioId,
          portfolioName: outcome.status === "failed" ? (outcome.portfolioName ?? null) : null,
          status: outcome.status,
          error: outcome.error,
          ...UNSOLVED,
          run: state.run,
        };
    }
  };
}
