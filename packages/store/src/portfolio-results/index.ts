// Per-portfolio rebalance results (`rebalance_portfolios`).
export { createPortfolioResultRepository, type PortfolioResultRepository } from "./portfolio-result-repository.js";
export {
  PORTFOLIO_RESULTS_COLLECTION,
  PORTFOLIO_STATUSES,
  FINAL_PORTFOLIO_STATUSES,
  type PortfolioStatus,
  type Progress,
  type PortfolioOutcome,
  type PortfolioResult,
  type PositionDetail,
  type SolvedPortfolio,
  type TransactionRecord,
  type TransactionType,
} from "./portfolio-result-document.js";
