// Indexes of a rebalance's collections: what the list endpoints sort and filter by (SPEC §5.5), the
// groups by rebalance and by portfolio, and the optional retention of old rebalances (TTL on created_at).
import { MongoServerError, type Collection, type Db, type IndexDescription } from "mongodb";
import {
  ACTIVE_PORTFOLIOS_COLLECTION,
  IDEMPOTENCY_COLLECTION,
  PORTFOLIO_GROUPS_COLLECTION,
  REBALANCES_COLLECTION,
  RESULT_GROUPS_COLLECTION,
} from "./documents.js";
import { createMissingIndexes } from "../missing-indexes.js";

const RETENTION_INDEX = "retention";
/** MongoDB's codes for "an index with this name exists with other options". */
const INDEX_CONFLICT_CODES = new Set([85, 86]);

export async function ensureRebalanceIndexes(db: Db, retentionSeconds: number | null): Promise<void> {
  const rebalances = db.collection(REBALANCES_COLLECTION);
  // The original service's indexes on this collection stay; only keys they do not cover are added.
  await createMissingIndexes(rebalances, [
    { key: { created_at: -1, _id: -1 }, name: "created" },
    { key: { rebalance_date: 1, _id: 1 }, name: "rebalance_date" },
    { key: { model_name: 1, _id: 1 }, name: "model_name" },
    { key: { number_of_portfolios: 1, _id: 1 }, name: "number_of_portfolios" },
    { key: { model_id: 1, created_at: -1 }, name: "model_created" },
    { key: { status: 1, created_at: -1 }, name: "status_created" },
    { key: { completed_at: 1, _id: 1 }, name: "completed_at" },
    { key: { follow_up_pending: 1 }, name: "follow_up_pending" },
    // POST /rebalances/portfolios over the original service's documents (portfolios embedded).
    { key: { "portfolios.portfolio_id": 1 }, name: "original_portfolios", sparse: true },
  ]);
  await db.collection(PORTFOLIO_GROUPS_COLLECTION).createIndexes([
    { key: { rebalance_id: 1, bucket: 1 }, name: "rebalance_bucket" },
    { key: { portfolio_ids: 1 }, name: "portfolio" },
  ]);
  await db
    .collection(RESULT_GROUPS_COLLECTION)
    .createIndex({ rebalance_id: 1, bucket: 1 }, { name: "rebalance_bucket" });
  await db.collection(ACTIVE_PORTFOLIOS_COLLECTION).createIndex({ rebalance_id: 1 }, { name: "rebalance" });
  // TTL cleanup of expired keys; lookups also check expires_at, so correctness never depends on the TTL monitor.
  await db.collection(IDEMPOTENCY_COLLECTION).createIndex({ expires_at: 1 }, { expireAfterSeconds: 0, name: "expiry" });
  for (const name of [REBALANCES_COLLECTION, PORTFOLIO_GROUPS_COLLECTION, RESULT_GROUPS_COLLECTION]) {
    await ensureRetention(db.collection(name), retentionSeconds);
  }
}

/**
 * Old rebalances (and their groups) expire `retentionSeconds` after they were created; null keeps them.
 * A changed setting replaces the index: drop, then create.
 */
async function ensureRetention(collection: Collection, retentionSeconds: number | null): Promise<void> {
  const existing = (await collection.listIndexes().toArray()).find(
    (index: IndexDescription & { name?: string }) => index.name === RETENTION_INDEX,
  ) as (IndexDescription & { expireAfterSeconds?: number }) | undefined;
  if (retentionSeconds === null) {
    if (existing) await collection.dropIndex(RETENTION_INDEX);
    return;
  }
  if (existing?.expireAfterSeconds === retentionSeconds) return;
  if (existing) await collection.dropIndex(RETENTION_INDEX);
  try {
    await collection.createIndex({ created_at: 1 }, { name: RETENTION_INDEX, expireAfterSeconds: retentionSeconds });
  } catch (error) {
    // Another process created it meanwhile with the same options: nothing to do.
    if (!(error instanceof MongoServerError && INDEX_CONFLICT_CODES.has(error.code as number))) throw error;
  }
}
