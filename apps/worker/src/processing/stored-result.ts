// The facts a solved portfolio stores (SPEC §5.2 steps 1–5): cash, and per security its price, quantity
// and new quantity. Everything else — values, weights, drifts, trades — is derived from them on read.
import { NO_FEASIBLE_SOLUTION, type Dec, type PortfolioOutcome, type RebalanceInput } from "@ogs/domain";
import type { SolvedQuantities } from "@ogs/optimizer";

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
  result: SolvedQuantities,
  portfolioName: string,
  tradeDate: string,
): PortfolioOutcome {
  const solved =
    result.status === "optimal" || (result.outcome === "nothing_to_rebalance" && result.marketValue.isZero());
  // The thread checked its answer position by position against this input (quantitiesOf); a count that
  // differs here would mean a reply matched to the wrong job.
  if (result.adjustedQuantities.length !== input.positions.length)
    throw new Error(`solver answered ${result.adjustedQuantities.length} quantities for ${input.positions.length}`);
  const positions = input.positions.map((p, index) => ({
    securityId: p.securityId,
    price: p.price,
    quantity: p.quantity,
    adjustedQuantity: solved ? (result.adjustedQuantities[index] as Dec) : p.quantity,
  }));
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
