// "A portfolio may be in at most one active rebalance" (SPEC §5.4), made race-safe by a unique key:
// one `active_portfolios` document per portfolio (`_id` = portfolio id), inserted at submission and
// released by the finaliser. A lock is stale, and taken over, when its rebalance has ended, or does
// not exist a minute after the lock was taken (the submitter crashed between the two inserts).
import { MongoBulkWriteError, ObjectId, type Collection, type Db } from "mongodb";
import { ConflictError, isActiveRebalanceStatus } from "@ogs/domain";
import { isDuplicateKeyError } from "../driver-errors.js";
import {
  ACTIVE_PORTFOLIOS_COLLECTION,
  REBALANCES_COLLECTION,
  type ActivePortfolioDocument,
  type RebalanceDocument,
} from "./documents.js";

const ORPHAN_LOCK_MS = 60_000;
const DUPLICATE_KEY = 11000;

export function createActivePortfolioLocks(db: Db) {
  const locks: Collection<ActivePortfolioDocument> = db.collection(ACTIVE_PORTFOLIOS_COLLECTION);
  const rebalances: Collection<RebalanceDocument> = db.collection(REBALANCES_COLLECTION);

  /**
   * Inserts what it can; returns the portfolio ids another rebalance holds. One bulk insert when nothing
   * collides; otherwise one insert per portfolio, because bulk-error reporting differs between servers
   * (the MongoDB-compatible test server rejects the whole batch and names no index).
   */
  async function insert(rebalanceId: ObjectId, portfolioIds: readonly string[], now: Date): Promise<string[]> {
    if (portfolioIds.length === 0) return [];
    try {
      await locks.insertMany(
        portfolioIds.map((id) => ({ _id: id, rebalance_id: rebalanceId, locked_at: now })),
        { ordered: false },
      );
      return [];
    } catch (error) {
      if (!isDuplicateKeyError(error) && !(error instanceof MongoBulkWriteError && error.code === DUPLICATE_KEY))
        throw error;
    }
    const heldElsewhere: string[] = [];
    for (const id of portfolioIds) {
      try {
        await locks.insertOne({ _id: id, rebalance_id: rebalanceId, locked_at: now });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        const holder = await locks.findOne({ _id: id });
        if (!holder?.rebalance_id.equals(rebalanceId)) heldElsewhere.push(id);
      }
    }
    return heldElsewhere;
  }

  /** Deletes the stale locks among `portfolioIds`; returns the held ones as portfolio id → rebalance id. */
  async function clearStale(portfolioIds: readonly string[], now: Date): Promise<Map<string, string>> {
    const holders = await locks.find({ _id: { $in: [...portfolioIds] } }).toArray();
    const rebalanceIds = [...new Set(holders.map((h) => h.rebalance_id.toHexString()))].map((id) => new ObjectId(id));
    const owners = await rebalances.find({ _id: { $in: rebalanceIds } }, { projection: { status: 1 } }).toArray();
    const statusOf = new Map(owners.map((o) => [o._id.toHexString(), o.status]));
    const held = new Map<string, string>();
    for (const holder of holders) {
      const status = statusOf.get(holder.rebalance_id.toHexString());
      const orphan = status === undefined && now.getTime() - holder.locked_at.getTime() > ORPHAN_LOCK_MS;
      const ended = status !== undefined && !isActiveRebalanceStatus(status);
      if (orphan || ended) await locks.deleteOne({ _id: holder._id, rebalance_id: holder.rebalance_id });
      else held.set(holder._id, holder.rebalance_id.toHexString());
    }
    return held;
  }

  return {
    /** Locks every portfolio for `rebalanceId`, or none: throws ConflictError naming the active rebalance. */
    async acquire(rebalanceId: string, portfolioIds: readonly string[], now: Date): Promise<void> {
      const owner = new ObjectId(rebalanceId);
      let pending = await insert(owner, portfolioIds, now);
      for (let round = 0; pending.length > 0 && round < 3; round += 1) {
        const held = await clearStale(pending, now);
        if (held.size > 0) {
          await locks.deleteMany({ rebalance_id: owner });
          const [portfolioId, activeId] = [...held][0]!;
          throw new ConflictError(`Portfolio ${portfolioId} is already in active rebalance ${activeId}.`, {
            active_rebalances: [...new Set(held.values())],
            portfolios: [...held.keys()],
          });
        }
        pending = await insert(owner, pending, now);
      }
      if (pending.length > 0) {
        await locks.deleteMany({ rebalance_id: owner });
        throw new ConflictError(`Portfolio ${pending[0]} is being submitted by another request.`, {
          portfolios: pending,
        });
      }
    },

    async release(rebalanceId: string): Promise<void> {
      await locks.deleteMany({ rebalance_id: new ObjectId(rebalanceId) });
    },
  };
}

export type ActivePortfolioLocks = ReturnType<typeof createActivePortfolioLocks>;
