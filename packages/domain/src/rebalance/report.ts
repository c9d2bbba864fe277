// A stored portfolio outcome as it is reported (SPEC §5.2 steps 6–9): every figure — position values,
// actual weights and drifts, trades, market value, cash after — is derived from the stored facts and the
// model snapshot by the same function the solve used, so a report always agrees with its trades.
import { Dec } from "../money.js";
import type { Position } from "../model/types.js";
import { computeMarketValue } from "./market-value.js";
import { deriveRebalanceResult } from "./derive-result.js";
import type { PortfolioOutcome, PortfolioRun, PortfolioState, PortfolioStatus } from "./record.js";
import type { PositionResult, RebalanceInputPosition, Transaction } from "./types.js";

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

  function solved(
    portfolioId: string,
    outcome: Extract<PortfolioOutcome, { cash: Dec }>,
    run: PortfolioRun,
  ): PortfolioReport {
    const positions = outcome.positions.map((p): RebalanceInputPosition => {
      const band = bands.get(p.securityId);
      return {
        securityId: p.securityId,
        quantity: p.quantity,
        price: p.price,
        target: band?.target ?? ZERO,
        lowDrift: band?.lowDrift ?? ZERO,
        highDrift: band?.highDrift ?? ZERO,
      };
    });
    const input = { cash: outcome.cash, positions };
    const result = deriveRebalanceResult({
      input,
      marketValue: computeMarketValue(input),
      quantities: outcome.positions.map((p) => p.adjustedQuantity),
      outcome: outcome.status === "completed" ? "optimal" : "infeasible",
      solveMs: 0,
    });
    return {
      portfolioId,
      portfolioName: outcome.portfolioName,
      status: outcome.status,
      error: outcome.error ?? null,
      marketValue: result.marketValue,
      cashBefore: result.cashBefore,
      cashAfter: result.cashAfter,
      positions: result.positions.map((p) => ({ ...p, tradeDate: p.transactionType ? outcome.tradeDate : null })),
      transactions: result.transactions.map((t) => ({ ...t, tradeDate: outcome.tradeDate })),
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
