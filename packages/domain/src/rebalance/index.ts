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
  untradedMessage,
  type DeriveResultOptions,
} from "./derive-result.js";
export {
  REBALANCE_STATUSES,
  ACTIVE_REBALANCE_STATUSES,
  PORTFOLIO_STATUSES,
  FINAL_PORTFOLIO_STATUSES,
  emptyProgress,
  isActiveRebalanceStatus,
  settledStatus,
  type RebalanceStatus,
  type PortfolioStatus,
  type FinalPortfolioStatus,
  type Progress,
  type ModelSnapshot,
  type RebalanceFailure,
  type RebalanceOrigin,
  type Rebalance,
  type SolvedPosition,
  type PortfolioOutcome,
  type PortfolioRun,
  type PortfolioState,
} from "./record.js";
export {
  createPortfolioReporter,
  type PortfolioReport,
  type PositionReport,
  type TransactionReport,
} from "./report.js";
export { API_PREFIX, rebalanceLinks, type RebalanceLinks } from "./links.js";
export * from "./options.js";
export * from "./options-json.js";
