// Submitting a rebalance (SPEC §5.4–§5.5): the Idempotency-Key claim, the portfolio locks, then the
// documents — the groups first and the header last, so a header always has its groups (the header is what
// the repair sweep and every reader look for). Each failure undoes the steps before it.
import { ObjectId, type Collection } from "mongodb";
import { ConflictError, emptyProgress, type ModelSnapshot, type Rebalance } from "@ogs/domain";
import { toDecimal128 } from "../decimal128.js";
import { encodeOptions } from "../options-codec.js";
import {
  BUCKET_SIZE,
  emptySlotCounts,
  groupId,
  type PortfolioGroupDocument,
  type RebalanceDocument,
  type ResultGroupDocument,
} from "./documents.js";
import { rebalanceFromDocument } from "./header.js";
import { hashIdempotencyKey, type IdempotencyKeys } from "./idempotency.js";
import type { ActivePortfolioLocks } from "./locks.js";

export interface NewRebalance {
  snapshot: ModelSnapshot;
  /** In submission order; the order every read returns them in. */
  portfolioIds: readonly string[];
  requestId: string;
  callbackUrl?: string | null;
  /** `Idempotency-Key` header and a hash of the request it came with. */
  idempotency?: { key: string; requestHash: string };
}

/** A claimed Idempotency-Key whose rebalance is still missing after this long belongs to a submitter that stopped. */
const ORPHAN_CLAIM_MS = 60_000;

function headerOf(id: ObjectId, input: NewRebalance, now: Date): RebalanceDocument {
  return {
    _id: id,
    model_id: input.snapshot.modelId,
    model_name: input.snapshot.modelName,
    model_version: input.snapshot.modelVersion,
    positions: input.snapshot.positions.map((p) => ({
      security_id: p.securityId,
      target: toDecimal128(p.target),
      high_drift: toDecimal128(p.highDrift),
      low_drift: toDecimal128(p.lowDrift),
    })),
    options: encodeOptions(input.snapshot.options),
    number_of_portfolios: input.portfolioIds.length,
    bucket_size: BUCKET_SIZE,
    status: "queued",
    failure: null,
    final_progress: null,
    version: 1,
    request_id: input.requestId,
    callback_url: input.callbackUrl ?? null,
    idempotency_key_hash: input.idempotency ? hashIdempotencyKey(input.idempotency.key) : null,
    follow_up_pending: false,
    rebalance_date: now,
    created_at: now,
    started_at: null,
    completed_at: null,
  };
}

export function createSubmission(collections: {
  rebalances: Collection<RebalanceDocument>;
  groups: Collection<PortfolioGroupDocument>;
  results: Collection<ResultGroupDocument>;
  locks: ActivePortfolioLocks;
  keys: IdempotencyKeys;
  get(id: string): Promise<Rebalance | null>;
}) {
  const { rebalances, groups, results, locks, keys, get } = collections;

  async function insertDocuments(id: ObjectId, input: NewRebalance, now: Date): Promise<Rebalance> {
    const rebalanceId = id.toHexString();
    const buckets = Math.ceil(input.portfolioIds.length / BUCKET_SIZE);
    const range = Array.from({ length: buckets }, (_, bucket) => bucket);
    await groups.insertMany(
      range.map((bucket) => ({
        _id: groupId(rebalanceId, bucket),
        rebalance_id: id,
        bucket,
        portfolio_ids: input.portfolioIds.slice(bucket * BUCKET_SIZE, (bucket + 1) * BUCKET_SIZE),
        slots: {},
        counts: emptySlotCounts(),
        failure: null,
        created_at: now,
      })),
    );
    await results.insertMany(
      range.map((bucket) => ({
        _id: groupId(rebalanceId, bucket),
        rebalance_id: id,
        bucket,
        results: {},
        created_at: now,
      })),
    );
    const header = headerOf(id, input, now);
    await rebalances.insertOne(header);
    return rebalanceFromDocument(header, emptyProgress(input.portfolioIds.length));
  }

  /** Claims the key; returns the original rebalance when the key was used for the same request. */
  async function claim(rebalanceId: string, input: NewRebalance, now: Date): Promise<Rebalance | null> {
    if (!input.idempotency) return null;
    const { key, requestHash } = input.idempotency;
    for (let round = 0; ; round += 1) {
      const claimed = await keys.claim(key, requestHash, rebalanceId, now);
      if (claimed.kind === "claimed") return null;
      const original = await get(claimed.rebalanceId);
      if (original) return original;
      // The claimer stopped between claiming the key and storing its rebalance: after a minute the key is taken over.
      if (round > 0 || now.getTime() - claimed.claimedAt.getTime() <= ORPHAN_CLAIM_MS) {
        throw new ConflictError("A request with this Idempotency-Key is still being processed; retry shortly.");
      }
      await keys.release(key, claimed.rebalanceId);
    }
  }

  return {
    /**
     * The rebalance a repeated Idempotency-Key stands for, read before anything else about the request (the
     * model may have changed since): null when the key is free or its rebalance is not stored (yet); a 422
     * when the key was used with a different request.
     */
    async findReplay({ key, requestHash }: { key: string; requestHash: string }, now = new Date()) {
      const rebalanceId = await keys.lookup(key, requestHash, now);
      return rebalanceId ? get(rebalanceId) : null;
    },

    /** Stores a queued rebalance; a replayed key returns the original (`replayed: true`). The caller enqueues it. */
    async create(input: NewRebalance, now = new Date()): Promise<{ rebalance: Rebalance; replayed: boolean }> {
      const id = new ObjectId();
      const rebalanceId = id.toHexString();
      const original = await claim(rebalanceId, input, now);
      if (original) return { rebalance: original, replayed: true };
      const releaseKey = () =>
        input.idempotency ? keys.release(input.idempotency.key, rebalanceId) : Promise.resolve();
      try {
        await locks.acquire(rebalanceId, input.portfolioIds, now);
      } catch (error) {
        await releaseKey();
        throw error;
      }
      try {
        return { rebalance: await insertDocuments(id, input, now), replayed: false };
      } catch (error) {
        await Promise.allSettled([
          rebalances.deleteOne({ _id: id }),
          groups.deleteMany({ rebalance_id: id }),
          results.deleteMany({ rebalance_id: id }),
          locks.release(rebalanceId),
          releaseKey(),
        ]);
        throw error;
      }
    },
  };
}
