// The five collections that hold one rebalance (SPEC §5.4–§5.5), and how they relate:
//
//   rebalances            one small header per rebalance: model snapshot, status, fail-fast flag, version.
//                         The original service's documents (portfolios embedded) share this collection.
//   rebalance_portfolios  the portfolios in submission order, in groups of BUCKET_SIZE, each group with
//                         its slots' states and counts. A slot's state is the commit point of its outcome:
//                         one conditional update per group makes the outcome and the counts exact at once.
//   rebalance_results     the outcomes' facts, in the same groups, under the token their commit names.
//   active_portfolios     one lock per portfolio in a queued or running rebalance (SPEC §5.4).
//   idempotency_keys      one claim per Idempotency-Key for 24 h (SPEC §5.5).
//
// Grouping keeps the number of documents, and so the cost of every write, independent of how many results
// are stored (MongoDB's bucket pattern); a group of 100 portfolios × 50 positions is ≈ 0.5 MB.
import type { Binary, Decimal128, ObjectId } from "mongodb";
import type { FinalPortfolioStatus, PortfolioStatus, RebalanceFailure, RebalanceStatus } from "@ogs/domain";
import type { OptionsDocument } from "../options-codec.js";

export const REBALANCES_COLLECTION = "rebalances";
export const PORTFOLIO_GROUPS_COLLECTION = "rebalance_portfolios";
export const RESULT_GROUPS_COLLECTION = "rebalance_results";
export const ACTIVE_PORTFOLIOS_COLLECTION = "active_portfolios";
export const IDEMPOTENCY_COLLECTION = "idempotency_keys";

/** Portfolios per group document. Recorded on each rebalance, so a later change keeps old ones readable. */
export const BUCKET_SIZE = 100;

export interface SnapshotPositionDocument {
  security_id: string;
  target: Decimal128;
  high_drift: Decimal128;
  low_drift: Decimal128;
}

/** Counts of the slots of one group (or, summed, of a rebalance) by state; queued is what is left. */
export type SlotCounts = Record<Exclude<PortfolioStatus, "queued">, number>;

export interface RebalanceDocument {
  _id: ObjectId;
  model_id: string;
  model_name: string;
  model_version: number;
  /** The model snapshot's positions (SPEC §5.2 step 2). */
  positions: SnapshotPositionDocument[];
  /** The trading options in force (absent on rebalances stored before options existed: none). */
  options?: OptionsDocument;
  number_of_portfolios: number;
  bucket_size: number;
  status: RebalanceStatus;
  failure: RebalanceFailure | null;
  /** The counts at finalisation; live counts are summed from the groups until then. */
  final_progress: Record<PortfolioStatus, number> | null;
  version: number;
  request_id: string;
  callback_url: string | null;
  /** sha256 of the Idempotency-Key, when the request carried one. */
  idempotency_key_hash: string | null;
  /**
   * True from the finaliser's final status until its follow-ups (model date, portfolio release, webhooks) are
   * done; the workers' repair sweep finishes a rebalance left with it.
   */
  follow_up_pending: boolean;
  /** The original service's name for the submission time; equal to `created_at`, kept for its sort key. */
  rebalance_date: Date;
  created_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
}

export interface PortfolioGroupDocument {
  /** `{rebalance_id}-{bucket, 5 digits}`: one rebalance's groups are one `_id` range, in order. */
  _id: string;
  rebalance_id: ObjectId;
  bucket: number;
  /** Portfolio ids of slots `bucket × size …`, in submission order. */
  portfolio_ids: string[];
  /** Slot (index within the group) → "r" while its job runs, then its final code and result token. */
  slots: Record<string, string>;
  counts: SlotCounts;
  /**
   * The rebalance's fail-fast stop, copied onto every group (SPEC §5.3): a job learns it from the one update that
   * marks its slot running, without reading the header.
   */
  failure: RebalanceFailure | null;
  created_at: Date;
}

/** One position of a stored outcome: [security id, price, quantity, adjusted quantity]. */
export type StoredPosition = [string, Decimal128, Decimal128, Decimal128];

/** The facts of one outcome (domain `PortfolioOutcome` + `PortfolioRun`); every other figure is derived on read. */
export interface StoredOutcome {
  status: FinalPortfolioStatus;
  portfolio_name: string | null;
  error: string | null;
  cash: Decimal128 | null;
  positions: StoredPosition[];
  trade_date: string | null;
  attempts: number;
  started_at: Date | null;
  finished_at: Date;
}

export interface ResultGroupDocument {
  _id: string;
  rebalance_id: ObjectId;
  bucket: number;
  /**
   * Slot → result token → outcome, each a `StoredOutcome` serialised as its own BSON document and kept as one
   * binary value: a group of 100 outcomes is written, copied and read as 100 values instead of ~15,000, and a
   * reader decodes one portfolio at a time. Only the token a slot's state names counts (a losing duplicate's
   * stays unread).
   */
  results: Record<string, Record<string, Binary>>;
  created_at: Date;
}

export interface ActivePortfolioDocument {
  /** The portfolio id: unique, so a portfolio is in at most one active rebalance. */
  _id: string;
  rebalance_id: ObjectId;
  locked_at: Date;
}

export interface IdempotencyDocument {
  /** sha256 hex of the key, so raw keys are never stored. */
  _id: string;
  request_hash: string;
  rebalance_id: ObjectId;
  created_at: Date;
  expires_at: Date;
}

export function groupId(rebalanceId: string, bucket: number): string {
  return `${rebalanceId}-${String(bucket).padStart(5, "0")}`;
}

/** Where slot `index` (0-based submission order) lives. */
export function slotPlace(index: number, bucketSize: number): { bucket: number; slot: string } {
  return { bucket: Math.floor(index / bucketSize), slot: String(index % bucketSize) };
}

export function emptySlotCounts(): SlotCounts {
  return { running: 0, completed: 0, infeasible: 0, failed: 0, cancelled: 0 };
}
