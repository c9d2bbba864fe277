// `idempotency_keys`: an Idempotency-Key (hashed) bound to the request it came with and the rebalance
// it created, for 24 h (SPEC §5.5).
import type { ObjectId } from "mongodb";

export const IDEMPOTENCY_COLLECTION = "idempotency_keys";
/** @defaultValue 24 h (SPEC §5.5) */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;

export interface IdempotencyDocument {
  /** sha256 hex of the key, so raw keys are never stored. */
  _id: string;
  request_hash: string;
  rebalance_id: ObjectId;
  created_at: Date;
  expires_at: Date;
}
