// The rebalance as one unit (SPEC §5.4–§5.5): its repository and the types callers name.
export {
  createRebalanceRepository,
  type RebalanceRepository,
  type RebalanceStoreOptions,
  type UnsettledRebalance,
  type RebalanceFlowSource,
} from "./repository.js";
export type { NewRebalance } from "./submission.js";
export type { JobStart, PortfolioJobRef } from "./job-progress.js";
export type { SettledRebalance } from "./settlement.js";
export type { RebalanceListQuery, RebalanceSortField, PortfolioRange } from "./reads.js";
export {
  REBALANCES_COLLECTION,
  PORTFOLIO_GROUPS_COLLECTION,
  RESULT_GROUPS_COLLECTION,
  ACTIVE_PORTFOLIOS_COLLECTION,
  IDEMPOTENCY_COLLECTION,
  BUCKET_SIZE,
} from "./documents.js";
