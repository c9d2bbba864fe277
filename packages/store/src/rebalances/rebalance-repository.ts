// Rebalances (SPEC §5.4, §5.5): submission with the model snapshot, the active-portfolio locks and the
// idempotency claim; reads for the list endpoints; fail-fast and finalisation for the worker.
import { ObjectId, type Collection, type Db, type Sort } from "mongodb";
import { ConflictError, NotFoundError } from "@ogs/domain";
import { toDecimal128 as toStored } from "../decimal128.js";
import { createPortfolioResultRepository, type Progress } from "../portfolio-results/index.js";
import { createBatchedReader } from "../portfolio-results/batched-reader.js";
import { createIdempotencyRepository, hashIdempotencyKey } from "../idempotency/index.js";
import { createActivePortfolioLocks, ensureActivePortfolioIndexes } from "./active-portfolios.js";
import { guardRepository } from "./guard-repository.js";
import { rebalanceFromStored } from "./rebalance-mapping.js";
import { createRunningMarker } from "./running-marker.js";
import {
  ACTIVE_REBALANCE_STATUSES,
  REBALANCES_COLLECTION,
  type ModelSnapshot,
  type Rebalance,
  type RebalanceDocument,
  type RebalanceStatus,
} from "./rebalance-document.js";

export interface NewRebalance {
  snapshot: ModelSnapshot;
  portfolio_ids: readonly string[];
  request_id: string;
  callback_url?: string | null;
  /** `Idempotency-Key` header and a hash of the request it came with. */
  idempotency?: { key: string; request_hash: string };
}

/** A rebalance that still needs its finaliser, as the repair lists them. */
export type UnsettledRebalance = Pick<Rebalance, "rebalance_id" | "status" | "request_id">;

/** Queued, running, or final with the finaliser's follow-ups not done yet. */
const UNSETTLED = { $or: [{ status: { $in: [...ACTIVE_REBALANCE_STATUSES] } }, { follow_up_pending: true }] };

export type RebalanceSortField = "created_at" | "completed_at" | "model_id" | "status" | "rebalance_id";
export interface RebalanceListQuery {
  offset: number;
  limit: number;
  /** Applied in order; default newest first. */
  sort?: { field: RebalanceSortField; direction: 1 | -1 }[];
}

export async function ensureRebalanceIndexes(db: Db): Promise<void> {
  const rebalances = db.collection(REBALANCES_COLLECTION);
  await rebalances.createIndex({ created_at: -1, _id: -1 }, { name: "created" });
  await rebalances.createIndex({ model_id: 1, created_at: -1 }, { name: "model_created" });
  await rebalances.createIndex({ status: 1, created_at: -1 }, { name: "status_created" });
  await rebalances.createIndex({ follow_up_pending: 1 }, { name: "follow_up_pending" });
}

/** A claimed Idempotency-Key whose rebalance is still missing after this long belongs to a submitter that stopped. */
const ORPHAN_CLAIM_MS = 60_000;

export function createRebalanceRepository(db: Db) {
  const rebalances: Collection<RebalanceDocument> = db.collection(REBALANCES_COLLECTION);
  const results = createPortfolioResultRepository(db);
  const locks = createActivePortfolioLocks(db);
  const idempotency = createIdempotencyRepository(db);
  const runningMarker = createRunningMarker(db.collection<{ _id: ObjectId }>(REBALANCES_COLLECTION));
  // Group read: the jobs that start together share one read of their rebalances' states.
  const stopStates = createBatchedReader<Pick<Rebalance, "status" | "failure"> | null>(async (ids) => {
    const docs = await rebalances
      .aggregate<Pick<RebalanceDocument, "_id" | "status" | "failure">>([
        { $match: { _id: { $in: ids.map((id) => new ObjectId(id)) } } },
        { $project: { _id: 1, status: 1, failure: 1 } },
      ])
      .toArray();
    return new Map(docs.map((doc) => [doc._id.toHexString(), { status: doc.status, failure: doc.failure ?? null }]));
  }, null);
  const byId = (id: string) => ({ _id: toObjectId(id) });

  async function get(id: string): Promise<Rebalance | null> {
    const filter = byId(id);
    if (!filter._id) return null;
    const doc = await rebalances.findOne({ _id: filter._id });
    return doc ? rebalanceFromStored(doc) : null;
  }

  async function insert(id: ObjectId, input: NewRebalance, now: Date): Promise<Rebalance> {
    const doc: RebalanceDocument = {
      _id: id,
      model_id: input.snapshot.model_id,
      model_name: input.snapshot.model_name,
      model_version: input.snapshot.model_version,
      positions: input.snapshot.positions.map((p) => ({
        security_id: p.security_id,
        target: toStored(p.target),
        high_drift: toStored(p.high_drift),
        low_drift: toStored(p.low_drift),
      })),
      portfolio_ids: [...input.portfolio_ids],
      number_of_portfolios: input.portfolio_ids.length,
      status: "queued",
      failure: null,
      final_progress: null,
      counts: { completed: 0, infeasible: 0, failed: 0, cancelled: 0 },
      running: {},
      version: 1,
      request_id: input.request_id,
      callback_url: input.callback_url ?? null,
      idempotency_key_hash: input.idempotency ? hashIdempotencyKey(input.idempotency.key) : null,
      created_at: now,
      started_at: null,
      completed_at: null,
    };
    await rebalances.insertOne(doc);
    return rebalanceFromStored(doc);
  }

  return guardRepository({
    async ensureIndexes(): Promise<void> {
      await ensureRebalanceIndexes(db);
      await ensureActivePortfolioIndexes(db);
    },

    get,

    /** Like get, without the portfolio id list (which can hold thousands of ids): for the worker and lists. */
    async getSummary(id: string): Promise<Rebalance | null> {
      const _id = toObjectId(id);
      const doc = _id ? await rebalances.findOne({ _id }, { projection: { portfolio_ids: 0 } }) : null;
      return doc ? rebalanceFromStored({ ...doc, portfolio_ids: [] }) : null;
    },

    /**
     * Status and fail-fast flag only: read by every portfolio job before it does any work. An aggregation
     * with `$project` rather than a find projection, because the embedded MongoDB-compatible server ignores
     * find projections and would return the whole document (thousands of portfolio ids) to every job.
     */
    async stopState(id: string): Promise<Pick<Rebalance, "status" | "failure"> | null> {
      return toObjectId(id) ? stopStates.read(id) : null;
    },

    /**
     * The rebalance a repeated Idempotency-Key stands for, read before anything else about the request
     * (the model may have changed since): null when the key is free or its rebalance is not stored (yet);
     * a 422 when the key was used with a different request.
     */
    async findReplay(
      { key, request_hash }: { key: string; request_hash: string },
      now = new Date(),
    ): Promise<Rebalance | null> {
      const rebalanceId = await idempotency.lookup(key, request_hash, now);
      return rebalanceId ? get(rebalanceId) : null;
    },

    /**
     * Creates a queued rebalance and a queued result per portfolio. Order: idempotency claim, then
     * portfolio locks, then documents; each failure undoes the steps before it. A replayed key returns
     * the original rebalance (`replayed: true`) and creates nothing. The caller enqueues the flow.
     */
    async create(input: NewRebalance, now = new Date()): Promise<{ rebalance: Rebalance; replayed: boolean }> {
      const id = new ObjectId();
      const rebalanceId = id.toHexString();
      if (input.idempotency) {
        const { key, request_hash } = input.idempotency;
        for (let round = 0; ; round += 1) {
          const claim = await idempotency.claim(key, request_hash, rebalanceId, now);
          if (claim.kind === "claimed") break;
          const original = await get(claim.rebalanceId);
          if (original) return { rebalance: original, replayed: true };
          // The claimer stopped between claiming the key and storing its rebalance: after a minute the key is taken over.
          if (round > 0 || now.getTime() - claim.claimedAt.getTime() <= ORPHAN_CLAIM_MS) {
            throw new ConflictError("A request with this Idempotency-Key is still being processed; retry shortly.");
          }
          await idempotency.release(key, claim.rebalanceId);
        }
      }
      try {
        await locks.acquire(rebalanceId, input.portfolio_ids, now);
      } catch (error) {
        if (input.idempotency) await idempotency.release(input.idempotency.key, rebalanceId);
        throw error;
      }
      try {
        return { rebalance: await insert(id, input, now), replayed: false };
      } catch (error) {
        await Promise.allSettled([
          locks.release(rebalanceId),
          rebalances.deleteOne({ _id: id }),
          results.deleteAll(rebalanceId),
        ]);
        if (input.idempotency) await idempotency.release(input.idempotency.key, rebalanceId).catch(() => undefined);
        throw error;
      }
    },

    async list(query: RebalanceListQuery): Promise<{ total: number; items: Rebalance[] }> {
      const sort: Sort = query.sort?.length
        ? Object.fromEntries<1 | -1>([
            ...query.sort.map(({ field, direction }) => [field === "rebalance_id" ? "_id" : field, direction] as const),
            ["_id", -1] as const,
          ])
        : { created_at: -1, _id: -1 };
      const [total, docs] = await Promise.all([
        rebalances.countDocuments({}),
        rebalances
          .find({}, { projection: { portfolio_ids: 0 } })
          .sort(sort)
          .skip(query.offset)
          .limit(query.limit)
          .toArray(),
      ]);
      return { total, items: docs.map((doc) => rebalanceFromStored({ ...doc, portfolio_ids: [] })) };
    },

    /** Rebalances touching any of the portfolios (POST /rebalances/portfolios), newest first. */
    async findByPortfolios(
      portfolioIds: readonly string[],
      page: { offset: number; limit: number },
    ): Promise<{ total: number; items: Rebalance[] }> {
      const ids = await results.rebalanceIdsFor(portfolioIds);
      const filter = { _id: { $in: ids } };
      const [total, docs] = await Promise.all([
        rebalances.countDocuments(filter),
        rebalances
          .find(filter, { projection: { portfolio_ids: 0 } })
          .sort({ created_at: -1, _id: -1 })
          .skip(page.offset)
          .limit(page.limit)
          .toArray(),
      ]);
      return { total, items: docs.map((doc) => rebalanceFromStored({ ...doc, portfolio_ids: [] })) };
    },

    /** Deletes a finished rebalance and its results; 404 unknown, 409 stale version or still active. */
    async delete(id: string, version: number): Promise<void> {
      const _id = toObjectId(id);
      const current = _id ? await rebalances.findOne({ _id }, { projection: { status: 1, version: 1 } }) : null;
      if (!_id || !current) throw new NotFoundError("rebalance", id);
      if (ACTIVE_REBALANCE_STATUSES.includes(current.status)) {
        throw new ConflictError(`Rebalance ${id} is still ${current.status}; it can be deleted once it has finished.`, {
          rebalance_status: current.status,
        });
      }
      const deleted = await rebalances.deleteOne({ _id, version, status: current.status });
      if (deleted.deletedCount === 0) {
        throw new ConflictError(`Rebalance ${id} has version ${current.version}, not ${version}.`, {
          current_version: current.version,
        });
      }
      await results.deleteAll(id);
      await locks.release(id);
    },

    /** Counts per portfolio status: final once finished, else live from the rebalance document. */
    async progress(id: string): Promise<Progress> {
      const _id = toObjectId(id);
      const doc = _id
        ? await rebalances.findOne(
            { _id },
            { projection: { counts: 1, running: 1, number_of_portfolios: 1, final_progress: 1 } },
          )
        : null;
      if (!doc) throw new NotFoundError("rebalance", id);
      if (doc.final_progress) return doc.final_progress;
      const counts = doc.counts ?? { completed: 0, infeasible: 0, failed: 0, cancelled: 0 };
      const running = Object.keys(doc.running ?? {}).length;
      const ended = counts.completed + counts.infeasible + counts.failed + counts.cancelled;
      return { queued: Math.max(0, doc.number_of_portfolios - ended - running), running, ...counts };
    },

    /**
     * Rebalances that still need their finaliser — queued, running, or final with follow-ups pending — created
     * before `before`, oldest first, after `afterId` (paging): what the worker's repair checks against the
     * queue. An aggregation `$project`, so the embedded server does not ship snapshots and portfolio lists
     * (it ignores find projections).
     */
    async listUnsettledBefore(before: Date, limit: number, afterId?: string): Promise<UnsettledRebalance[]> {
      const after = afterId === undefined ? null : toObjectId(afterId);
      const match = { ...UNSETTLED, created_at: { $lt: before }, ...(after ? { _id: { $gt: after } } : {}) };
      const docs = await rebalances
        .aggregate<Pick<RebalanceDocument, "_id" | "status" | "request_id">>([
          { $match: match },
          { $sort: { _id: 1 } },
          { $limit: limit },
          { $project: { _id: 1, status: 1, request_id: 1 } },
        ])
        .toArray();
      return docs.map((doc) => ({
        rebalance_id: doc._id.toHexString(),
        status: doc.status,
        request_id: doc.request_id,
      }));
    },

    /** The rebalance if it still needs its finaliser (read fresh, for the repair): what its flow is made of. */
    async findUnsettled(id: string): Promise<Pick<Rebalance, "portfolio_ids" | "request_id"> | null> {
      const _id = toObjectId(id);
      const doc = _id ? await rebalances.findOne({ _id, ...UNSETTLED }) : null;
      return doc ? { portfolio_ids: doc.portfolio_ids, request_id: doc.request_id } : null;
    },

    /** Finaliser: its follow-ups are done (see `follow_up_pending`). */
    async markFollowedUp(id: string): Promise<void> {
      await rebalances.updateOne(
        { _id: new ObjectId(id), follow_up_pending: true },
        { $set: { follow_up_pending: false } },
      );
    },

    /**
     * Undoes a submission whose flow could not be enqueued (the caller was told it did not start): failed,
     * locks released, and its Idempotency-Key released, so a retry with the same key starts it afresh. A flow
     * that reached Redis after all (past the enqueue timeout) may already be running: it is failed too, and
     * its jobs stop at their stop-state check.
     */
    async abandon(id: string, message: string, service: string | null, now = new Date()): Promise<void> {
      const doc = await rebalances.findOne(
        { _id: new ObjectId(id) },
        { projection: { portfolio_ids: 1, idempotency_key_hash: 1 } },
      );
      const { progress } = await results.closeUnfinished(id, doc?.portfolio_ids ?? [], "cancelled", message, now);
      await rebalances.updateOne(
        { _id: new ObjectId(id), status: { $in: [...ACTIVE_REBALANCE_STATUSES] } },
        {
          $set: {
            status: "failed",
            failure: { service, message, at: now },
            completed_at: now,
            final_progress: progress,
            running: {},
          },
          $inc: { version: 1 },
        },
      );
      await locks.release(id);
      if (doc?.idempotency_key_hash) await idempotency.releaseHashed(doc.idempotency_key_hash, id);
    },

    /** Worker: a portfolio job starts. `first` (the first job this process runs for it) also moves a queued rebalance to running. */
    async markRunning(id: string, portfolioId: string, now = new Date(), first = true): Promise<void> {
      await runningMarker.mark(new ObjectId(id), portfolioId);
      if (first)
        await rebalances.updateOne(
          { _id: new ObjectId(id), status: "queued" },
          { $set: { status: "running", started_at: now }, $inc: { version: 1 } },
        );
    },

    /** Worker: fail-fast (SPEC §5.3). The first failure wins; later portfolios see it and cancel. */
    async requestStop(id: string, service: string | null, message: string, now = new Date()): Promise<void> {
      await rebalances.updateOne(
        { _id: new ObjectId(id), failure: null, status: { $in: [...ACTIVE_REBALANCE_STATUSES] } },
        { $set: { failure: { service, message, at: now } } },
      );
    },

    /** Worker: sets the final status once; returns false when it was already final. */
    async finish(id: string, status: RebalanceStatus, progress: Progress, now = new Date()): Promise<boolean> {
      const update = await rebalances.updateOne(
        { _id: new ObjectId(id), status: { $in: [...ACTIVE_REBALANCE_STATUSES] } },
        {
          $set: { status, final_progress: progress, completed_at: now, running: {}, follow_up_pending: true },
          $inc: { version: 1 },
        },
      );
      return update.modifiedCount > 0;
    },

    releasePortfolios: (id: string) => locks.release(id),
  });
}

function toObjectId(id: string): ObjectId | null {
  return ObjectId.isValid(id) && /^[0-9a-fA-F]{24}$/.test(id) ? new ObjectId(id) : null;
}

export type RebalanceRepository = ReturnType<typeof createRebalanceRepository>;
