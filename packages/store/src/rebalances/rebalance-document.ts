// The `rebalances` collection (SPEC §5.4, §5.5): one small document per rebalance with the model
// snapshot taken at submission; per-portfolio results live in `rebalance_portfolios`.
import type { Decimal128, ObjectId } from "mongodb";
import type { Dec } from "@ogs/domain";
import type { Progress } from "../portfolio-results/portfolio-result-document.js";

export const REBALANCES_COLLECTION = "rebalances";

export const REBALANCE_STATUSES = ["queued", "running", "completed", "completed_with_errors", "failed"] as const;
export type RebalanceStatus = (typeof REBALANCE_STATUSES)[number];
export const ACTIVE_REBALANCE_STATUSES: readonly RebalanceStatus[] = ["queued", "running"];

/** One model position as it was when the rebalance was submitted (SPEC §5.2 step 2). */
export interface SnapshotPosition {
  security_id: string;
  target: Dec;
  high_drift: Dec;
  low_drift: Dec;
}

export interface ModelSnapshot {
  model_id: string;
  model_name: string;
  model_version: number;
  positions: SnapshotPosition[];
}

/** Why a rebalance stopped early: a required service unavailable after retries (SPEC §5.3). */
export interface RebalanceFailure {
  /** accounting, security, pricing, ... */
  service: string | null;
  message: string;
  at: Date;
}

export interface Rebalance {
  rebalance_id: string;
  model_id: string;
  model_name: string;
  snapshot: ModelSnapshot;
  portfolio_ids: string[];
  number_of_portfolios: number;
  status: RebalanceStatus;
  /** Set by fail-fast; portfolio jobs that have not started yet are cancelled when they see it. */
  failure: RebalanceFailure | null;
  /** Counts per portfolio status as stored at finalisation; use the results for live counts. */
  final_progress: Progress | null;
  version: number;
  request_id: string;
  callback_url: string | null;
  created_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
}

export interface RebalanceDocument {
  _id: ObjectId;
  model_id: string;
  model_name: string;
  model_version: number;
  positions: { security_id: string; target: Decimal128; high_drift: Decimal128; low_drift: Decimal128 }[];
  portfolio_ids: string[];
  number_of_portfolios: number;
  status: RebalanceStatus;
  failure: RebalanceFailure | null;
  final_progress: Progress | null;
  /** Live outcome counts, +1 as each outcome is stored (the finaliser recounts from the results). */
  counts: Record<"completed" | "infeasible" | "failed" | "cancelled", number>;
  /**
   * Portfolios whose job is processing now, as `{portfolio_id: true}` (a sub-document, not an array:
   * `$set`/`$unset` of one key work on every server, `$pull` not on the MongoDB-compatible test server).
   */
  running: Record<string, true>;
  version: number;
  request_id: string;
  callback_url: string | null;
  /** sha256 of the Idempotency-Key, when the request carried one. */
  idempotency_key_hash: string | null;
  /**
   * True from the finaliser's final status until its follow-ups (model date, portfolio release, webhooks)
   * are done; the workers' repair sweep finishes a rebalance left with it. Absent on older documents.
   */
  follow_up_pending?: boolean;
  created_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
}
