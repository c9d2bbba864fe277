// Inputs and outputs of one portfolio's rebalance (SPEC §5.1–§5.2). Clock-free: the caller adds the trade date.
import type { Dec } from "../money.js";

/** One security of the union of held and model securities (SPEC §5.1). */
export interface RebalanceInputPosition {
  securityId: string;
  /** Current quantity uᵢ; 0 when not held, negative when short. */
  quantity: Dec;
  /** Price pᵢ (> 0). */
  price: Dec;
  /** Model target tᵢ; 0 (with both drifts 0) for a held security the model does not contain. */
  target: Dec;
  lowDrift: Dec;
  highDrift: Dec;
}

export interface RebalanceInput {
  /** Cash C; may be negative (overdrawn). */
  cash: Dec;
  /** Union of held and model securities, each at most once. */
  positions: RebalanceInputPosition[];
}

export type TransactionType = "BUY" | "SELL";

/** Position detail of SPEC §5.2 step 8 (the trade date is added by the caller). */
export interface PositionResult {
  securityId: string;
  price: Dec;
  originalQuantity: Dec;
  adjustedQuantity: Dec;
  /** uᵢ·pᵢ rounded to 3 decimals. */
  originalPositionMarketValue: Dec;
  /** u'ᵢ·pᵢ rounded to 3 decimals. */
  adjustedPositionMarketValue: Dec;
  target: Dec;
  highDrift: Dec;
  lowDrift: Dec;
  /** u'ᵢ·pᵢ / MV rounded to 4 decimals (0 when MV ≤ 0). */
  actual: Dec;
  /** actual/target − 1 rounded to 4 decimals (negative below target); 0 when the target is 0. */
  actualDrift: Dec;
  transactionType: TransactionType | null;
  tradeQuantity: Dec | null;
}

export interface Transaction {
  transactionType: TransactionType;
  securityId: string;
  quantity: Dec;
}

/**
 * Why a result has its status. `optimal`: proven optimum. `infeasible`: no solution satisfies the
 * bands and the cash row. `timeout`: no proven optimum within the time limit (reported as infeasible,
 * SPEC §5.1). `nothing_to_rebalance`: market value ≤ 0, so there is nothing to allocate.
 */
export type RebalanceOutcome = "optimal" | "infeasible" | "timeout" | "nothing_to_rebalance";

export interface RebalanceResult {
  status: "optimal" | "infeasible";
  outcome: RebalanceOutcome;
  /** Present when status is infeasible: "no feasible solution exists" or "nothing to rebalance: …". */
  message?: string;
  marketValue: Dec;
  cashBefore: Dec;
  /** MV − Σ u'ᵢ·pᵢ (exact). */
  cashAfter: Dec;
  /** The objective Σ |MV·tᵢ − u'ᵢ·pᵢ| (exact). */
  drift: Dec;
  positions: PositionResult[];
  transactions: Transaction[];
  solveMs: number;
}
