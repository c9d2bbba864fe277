// Claims an Idempotency-Key atomically (unique `_id`): the first request wins, a repeat with the same
// request replays the original rebalance, a repeat with a different request is a 422 (SPEC §5.5).
import { createHash } from "node:crypto";
import { ObjectId, type Collection, type Db } from "mongodb";
import { RuleViolationError } from "@ogs/domain";
import { isDuplicateKeyError } from "../driver-errors.js";
import { IDEMPOTENCY_COLLECTION, type IdempotencyDocument } from "./documents.js";

/** How long a key stays bound to its request and rebalance. @defaultValue 24 h (SPEC §5.5) */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;

export type IdempotencyClaim = { kind: "claimed" } | { kind: "replay"; rebalanceId: string; claimedAt: Date };

export function hashIdempotencyKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export function createIdempotencyKeys(db: Db) {
  const keys: Collection<IdempotencyDocument> = db.collection(IDEMPOTENCY_COLLECTION);
  return {
    async claim(key: string, requestHash: string, rebalanceId: string, now: Date): Promise<IdempotencyClaim> {
      const doc: IdempotencyDocument = {
        _id: hashIdempotencyKey(key),
        request_hash: requestHash,
        rebalance_id: new ObjectId(rebalanceId),
        created_at: now,
        expires_at: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
      };
      for (let round = 0; round < 2; round += 1) {
        try {
          await keys.insertOne(doc);
          return { kind: "claimed" };
        } catch (error) {
          if (!isDuplicateKeyError(error)) throw error;
        }
        const existing = await keys.findOne({ _id: doc._id });
        if (!existing) continue;
        if (existing.expires_at <= now) {
          await keys.deleteOne({ _id: doc._id, expires_at: existing.expires_at });
          continue;
        }
        if (existing.request_hash !== requestHash) {
          throw new RuleViolationError(
            "idempotency-key-reused",
            "This Idempotency-Key was already used with a different request in the last 24 hours.",
          );
        }
        return { kind: "replay", rebalanceId: existing.rebalance_id.toHexString(), claimedAt: existing.created_at };
      }
      throw new RuleViolationError(
        "idempotency-key-busy",
        "This Idempotency-Key is being used by a concurrent request; retry shortly.",
      );
    },

    /**
     * Reads a live claim without taking one: the rebalance id it points to, or null when the key is free
     * (or expired). A claim made with a different request is the 422 of SPEC §5.5.
     */
    async lookup(key: string, requestHash: string, now: Date): Promise<string | null> {
      const existing = await keys.findOne({ _id: hashIdempotencyKey(key) });
      if (!existing || existing.expires_at <= now) return null;
      if (existing.request_hash !== requestHash) {
        throw new RuleViolationError(
          "idempotency-key-reused",
          "This Idempotency-Key was already used with a different request in the last 24 hours.",
        );
      }
      return existing.rebalance_id.toHexString();
    },

    /** Forgets a claim whose rebalance could not be created, so the caller may retry with the same key. */
    async release(key: string, rebalanceId: string): Promise<void> {
      await keys.deleteOne({ _id: hashIdempotencyKey(key), rebalance_id: new ObjectId(rebalanceId) });
    },

    /** Like release, by the stored hash of the key (what a rebalance keeps); only while it still points at `rebalanceId`. */
    async releaseHashed(keyHash: string, rebalanceId: string): Promise<void> {
      await keys.deleteOne({ _id: keyHash, rebalance_id: new ObjectId(rebalanceId) });
    },
  };
}

export type IdempotencyKeys = ReturnType<typeof createIdempotencyKeys>;
