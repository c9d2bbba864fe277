// The facts a solved portfolio stores (SPEC §5.2 steps 1–5): cash, and per security its price, quantity
// and new quantity. Everything else — values, weights, drifts, trades — is derived from them on read.
import { NO_FEASIBLE_SOLUTION, type PortfolioOutcome, type RebalanceInput, type RebalanceResult } from "@ogs/domain";

/** `YYYY-MM-DD` of `now` in UTC: the trade date of SPEC §5.2 step 6. */
export function utcTradeDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/**
 * The outcome of a solve: completed with the optimum's quantities, or infeasible with today's quantities.
 * MV = 0 (e.g. a portfolio unknown to accounting) is not an error: nothing to buy, nothing to sell.
 */
export function solvedOutcome(
  input: RebalanceInput,
  result: RebalanceResult,
  portfolioName: string,
  tradeDate: string,
): PortfolioOutcome {
  const solved =
    result.status === "optimal" || (result.outcome === "nothing_to_rebalance" && result.marketValue.isZero());
  const positions = input.positions.map((p, index) => {
    const adjusted = result.positions[index];
    if (adjusted?.securityId !== p.securityId)
      throw new Error(`solver answered ${adjusted?.securityId} for ${p.securityId}`);
    return {
      securityId: p.securityId,
      price: p.price,
      quantity: p.quantity,
      adjustedQuantity: solved ? adjusted.adjustedQuantity : p.quantity,
    };
  });
  if (solved) return { status: "completed", portfolioName, cash: input.cash, positions, tradeDate };
  return {
    status: "infeasible",
    portfolioName,
    cash: input.cash,
    positions,
    tradeDate,
    error: result.message ?? NO_FEASIBLE_SOLUTION,
  };
}
