// The derived results of SPEC §5.2 steps 5–9 from the chosen quantities: trades, drift lines, cash.
import { Dec, roundTo } from "../money.js";
import { computePortfolioDrift, computePositionValue } from "./market-value.js";
import type {
  PositionResult,
  RebalanceInput,
  RebalanceOutcome,
  RebalanceResult,
  Transaction,
  TransactionType,
} from "./types.js";

export interface DeriveResultOptions {
  input: RebalanceInput;
  marketValue: Dec;
  /** New quantities u'ᵢ in the order of `input.positions`; the current ones when nothing is traded. */
  quantities: readonly Dec[];
  outcome: RebalanceOutcome;
  message?: string;
  solveMs: number;
}

/** Message of SPEC §5.1 for a proven-infeasible problem or a time-out. */
export const NO_FEASIBLE_SOLUTION = "no feasible solution exists";

/** actual = u'·p / MV to 4 decimals (SPEC §5.2 step 7); 0 when MV ≤ 0, where the ratio is undefined. */
export function computeActual(value: Dec, marketValue: Dec): Dec {
  return marketValue.gt(0) ? roundTo(value.div(marketValue), 4) : new Dec(0);
}

/**
 * actual_drift = actual/target − 1 (SPEC §5.2 step 8, the original service's final rule): negative when the
 * position is below its target; 0 when the target is 0; rounded to 4 decimals.
 */
export function computeActualDrift(actual: Dec, target: Dec): Dec {
  return target.isZero() ? new Dec(0) : roundTo(actual.div(target).minus(1), 4);
}

/** BUY for a positive Δ, SELL for a negative one, no trade for 0 (SPEC §5.2 step 6). */
export function tradeOf(delta: Dec): TransactionType | null {
  if (delta.isZero()) return null;
  return delta.gt(0) ? "BUY" : "SELL";
}

/** Builds the full result of one portfolio from its new quantities (SPEC §5.2 steps 5–9). */
export function deriveRebalanceResult(options: DeriveResultOptions): RebalanceResult {
  const { input, marketValue, quantities } = options;
  const drift = computePortfolioDrift(input, marketValue, quantities);
  const transactions: Transaction[] = [];
  let invested = new Dec(0);
  const positions = input.positions.map((position, index): PositionResult => {
    const adjusted = quantities[index] as Dec;
    const exactValue = adjusted.times(position.price);
    invested = invested.plus(exactValue);
    const delta = adjusted.minus(position.quantity);
    const transactionType = tradeOf(delta);
    if (transactionType) transactions.push({ transactionType, securityId: position.securityId, quantity: delta.abs() });
    const actual = computeActual(exactValue, marketValue);
    return {
      securityId: position.securityId,
      price: position.price,
      originalQuantity: position.quantity,
      adjustedQuantity: adjusted,
      originalPositionMarketValue: computePositionValue(position.quantity, position.price),
      adjustedPositionMarketValue: computePositionValue(adjusted, position.price),
      target: position.target,
      highDrift: position.highDrift,
      lowDrift: position.lowDrift,
      actual,
      actualDrift: computeActualDrift(actual, position.target),
      transactionType,
      tradeQuantity: transactionType ? delta.abs() : null,
    };
  });
  const result: RebalanceResult = {
    status: options.outcome === "optimal" ? "optimal" : "infeasible",
    outcome: options.outcome,
    marketValue,
    cashBefore: input.cash,
    cashAfter: marketValue.minus(invested),
    drift,
    positions,
    transactions,
    solveMs: options.solveMs,
  };
  if (options.message !== undefined) result.message = options.message;
  return result;
}

/** The message of a result where nothing was traded (SPEC §5.1): why, in the words the original uses. */
export function untradedMessage(outcome: Exclude<RebalanceOutcome, "optimal">, marketValue: Dec): string {
  return outcome === "nothing_to_rebalance"
    ? `nothing to rebalance: market value ${marketValue.toFixed()} is not positive`
    : NO_FEASIBLE_SOLUTION;
}

/**
 * The result when nothing is traded (infeasible, time-out, MV ≤ 0): every position keeps its
 * quantity, there are no transactions, and the drift is that of the current holdings.
 */
export function deriveUntradedResult(
  input: RebalanceInput,
  marketValue: Dec,
  outcome: Exclude<RebalanceOutcome, "optimal">,
  solveMs: number,
): RebalanceResult {
  const message = untradedMessage(outcome, marketValue);
  return deriveRebalanceResult({
    input,
    marketValue,
    quantities: input.positions.map((p) => p.quantity),
    outcome,
    message,
    solveMs,
  });
}
