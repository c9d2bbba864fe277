// Rebalances (`rebalances`) and the active-portfolio locks (`active_portfolios`).
export {
  createRebalanceRepository,
  type NewRebalance,
  type UnsettledRebalance,
  type RebalanceListQuery,
  type RebalanceSortField,
  type RebalanceRepository,
} from "./rebalance-repository.js";
export { ACTIVE_PORTFOLIOS_COLLECTION } from "./active-portfolios.js";
export {
  REBALANCES_COLLECTION,
  REBALANCE_STATUSES,
  ACTIVE_REBALANCE_STATUSES,
  type Rebalance,
  type RebalanceStatus,
  type RebalanceFailure,
  type ModelSnapshot,
  type SnapshotPosition,
} from "./rebalance-document.js";
