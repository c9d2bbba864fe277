// Portfolio math of a rebalance (SPEC §5.1–§5.2): market value, drift and the derived results.
export type {
  RebalanceInput,
  RebalanceInputPosition,
  PositionResult,
  Transaction,
  TransactionType,
  RebalanceOutcome,
  RebalanceResult,
} from "./types.js";
export { computeMarketValue, computePositionValue, computePortfolioDrift } from "./market-value.js";
export {
  deriveRebalanceResult,
  deriveUntradedResult,
  NO_FEASIBLE_SOLUTION,
  type DeriveResultOptions,
} from "./derive-result.js";
export * from "./options.js";
