// A rebalance as it is kept (SPEC §5.4–§5.5): the submission with its model snapshot, the status and
// progress of the whole, and per portfolio the facts a job stored. Storage shapes live in @ogs/store;
// these are the domain types its repository takes and returns.
import type { Dec } from "../money.js";
import type { Position } from "../model/types.js";
import type { RebalanceOptions } from "./options.js";

export const REBALANCE_STATUSES = ["queued", "running", "completed", "completed_with_errors", "failed"] as const;
export type RebalanceStatus = (typeof REBALANCE_STATUSES)[number];
/** A rebalance in one of these still has work (or its finaliser) ahead; its portfolios are locked (SPEC §5.4). */
export const ACTIVE_REBALANCE_STATUSES: readonly RebalanceStatus[] = ["queued", "running"];

export const PORTFOLIO_STATUSES = ["queued", "running", "completed", "infeasible", "failed", "cancelled"] as const;
export type PortfolioStatus = (typeof PORTFOLIO_STATUSES)[number];
/** The outcomes a portfolio never leaves once stored. */
export const FINAL_PORTFOLIO_STATUSES = ["completed", "infeasible", "failed", "cancelled"] as const;
export type FinalPortfolioStatus = (typeof FINAL_PORTFOLIO_STATUSES)[number];

/** Portfolios of a rebalance per status; they always add up to `numberOfPortfolios`. */
export type Progress = Record<PortfolioStatus, number>;

export function emptyProgress(queued = 0): Progress {
  return { queued, running: 0, completed: 0, infeasible: 0, failed: 0, cancelled: 0 };
}

export function isActiveRebalanceStatus(status: RebalanceStatus): boolean {
  return ACTIVE_REBALANCE_STATUSES.includes(status);
}

/** The model as it was when the rebalance was submitted (SPEC §5.2 step 2): later edits never reach it. */
export interface ModelSnapshot {
  modelId: string;
  modelName: string;
  modelVersion: number;
  positions: readonly Position[];
  /** The trading options in force: the model's defaults with the request's options over them, key by key. */
  options: RebalanceOptions;
}

/** Why a rebalance stopped early: a required service unavailable after retries (SPEC §5.3). */
export interface RebalanceFailure {
  /** accounting, security, pricing, redis …; null when no one service is to blame. */
  service: string | null;
  message: string;
  at: Date;
}

/** Where a stored rebalance came from: this service, or the original service's embedded documents. */
export type RebalanceOrigin = "service" | "original";

export interface Rebalance {
  id: string;
  modelId: string;
  modelName: string;
  /** Null only for rebalances the original service wrote (it kept no snapshot). */
  snapshot: ModelSnapshot | null;
  numberOfPortfolios: number;
  status: RebalanceStatus;
  failure: RebalanceFailure | null;
  /** Live while it runs (exactly what is stored), final once it has ended. */
  progress: Progress;
  version: number;
  requestId: string;
  callbackUrl: string | null;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  origin: RebalanceOrigin;
}

/** One security of a solved (or proven infeasible) portfolio: the facts every reported figure derives from. */
export interface SolvedPosition {
  securityId: string;
  price: Dec;
  /** uᵢ, as Portfolio Accounting reported it. */
  quantity: Dec;
  /** u'ᵢ; equal to `quantity` when nothing was traded. */
  adjustedQuantity: Dec;
}

/** What a portfolio job stores: the facts of its outcome, nothing that can be derived from them. */
export type PortfolioOutcome =
  | {
      status: "completed" | "infeasible";
      portfolioName: string;
      /** C, the cash before the rebalance (SPEC §5.2 step 1). */
      cash: Dec;
      /** The union of held and model securities in solving order; untraded when infeasible. */
      positions: SolvedPosition[];
      /** `YYYY-MM-DD` (UTC) of the trades. */
      tradeDate: string;
      /** Why an infeasible portfolio has no trades ("no feasible solution exists", …). */
      error?: string;
    }
  | { status: "failed"; error: string; portfolioName?: string }
  | { status: "cancelled"; error: string };

/** How the job that stored an outcome ran. */
export interface PortfolioRun {
  /** Deliveries of the job (2+ after a crash or retry); 0 for an outcome the finaliser closed. */
  attempts: number;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** A portfolio of a rebalance as it is stored now: pending, or its outcome with how it ran. */
export type PortfolioState =
  | { portfolioId: string; status: "queued" | "running" }
  | { portfolioId: string; status: FinalPortfolioStatus; outcome: PortfolioOutcome; run: PortfolioRun };

/** SPEC §5.4: `completed` when every portfolio was solved; `failed` after fail-fast or when none was; else `completed_with_errors`. */
export function settledStatus(progress: Progress, numberOfPortfolios: number, stopped: boolean): RebalanceStatus {
  if (stopped || progress.completed === 0) return "failed";
  return progress.completed === numberOfPortfolios ? "completed" : "completed_with_errors";
}
