// The rebalance as one unit (ARCHITECTURE "store"): one repository over its five collections, domain types
// in and out. Submission and reads serve the API; begin/save/settle serve the workers; the unsettled
// listings serve the repair sweep. Every method maps an unreachable MongoDB to a 503-class error.
import type { Collection, Db, Filter } from "mongodb";
import {
  ConflictError,
  isActiveRebalanceStatus,
  NotFoundError,
  type PortfolioOutcome,
  type PortfolioRun,
  type RebalanceFailure,
  type RebalanceStatus,
} from "@ogs/domain";
import { createDriverGuard, guardDriver, type DriverGuard } from "../driver-errors.js";
import {
  PORTFOLIO_GROUPS_COLLECTION,
  REBALANCES_COLLECTION,
  RESULT_GROUPS_COLLECTION,
  type PortfolioGroupDocument,
  type RebalanceDocument,
  type ResultGroupDocument,
} from "./documents.js";
import type { StoredRebalanceDocument } from "./header.js";
import { createIdempotencyKeys } from "./idempotency.js";
import { ensureRebalanceIndexes } from "./indexes.js";
import { createJobProgress, type PortfolioJobRef } from "./job-progress.js";
import { createActivePortfolioLocks } from "./locks.js";
import { isOriginalDocument } from "./original-documents.js";
import { createOutcomeWriter } from "./outcome-writer.js";
import { createReads, toObjectId } from "./reads.js";
import { createSettlement } from "./settlement.js";
import { createSubmission, type NewRebalance } from "./submission.js";

export interface RebalanceStoreOptions {
  /**
   * How long one repository call may take before it fails as MongoDB unavailable; a submission gets 1 ms more per
   * portfolio (its locks and groups are written in bulk). @defaultValue unbounded
   */
  deadlineMs?: number;
  /** Old rebalances expire this long after submission; null keeps them. @defaultValue null */
  retentionSeconds?: number | null;
}

/** A rebalance that still needs its finaliser, as the repair sweep lists them. */
export interface UnsettledRebalance {
  rebalanceId: string;
  status: RebalanceStatus;
  requestId: string;
}

/** Everything a rebalance's job flow is made of (for the repair sweep to enqueue it again). */
export interface RebalanceFlowSource {
  requestId: string;
  portfolios: { portfolioId: string; index: number }[];
}

const UNSETTLED: Filter<RebalanceDocument> = {
  $or: [{ status: { $in: ["queued", "running"] } }, { follow_up_pending: true }],
};

/** Wraps every method so an unreachable or hung MongoDB surfaces as DependencyUnavailableError("mongodb"). */
function guarded<T extends Record<string, unknown>>(methods: T, guard: DriverGuard): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(methods)) {
    wrapped[name] =
      typeof method === "function"
        ? (...args: unknown[]) => {
            const result: unknown = (method as (...a: unknown[]) => unknown)(...args);
            return result instanceof Promise ? guard(() => result) : result;
          }
        : method;
  }
  return wrapped as T;
}

export function createRebalanceRepository(db: Db, options: RebalanceStoreOptions = {}) {
  const rebalances: Collection<StoredRebalanceDocument> = db.collection(REBALANCES_COLLECTION);
  const ours = rebalances as unknown as Collection<RebalanceDocument>;
  const groups: Collection<PortfolioGroupDocument> = db.collection(PORTFOLIO_GROUPS_COLLECTION);
  const results: Collection<ResultGroupDocument> = db.collection(RESULT_GROUPS_COLLECTION);
  const locks = createActivePortfolioLocks(db);
  const keys = createIdempotencyKeys(db);
  const reads = createReads(rebalances, groups, results);
  const writer = createOutcomeWriter(groups, results);
  const jobs = createJobProgress(rebalances, groups);
  const settlement = createSettlement(rebalances, groups, writer);
  const submission = createSubmission({ rebalances: ours, groups, results, locks, keys, get: reads.get });

  const methods = guarded(
    {
      // API: submission
      findReplay: submission.findReplay,
      create: submission.create,

      /**
       * Undoes a submission whose flow could not be enqueued: cancelled and failed, locks and Idempotency-Key
       * released, so a retry with the same key starts afresh.
       */
      async abandon(id: string, failure: RebalanceFailure): Promise<void> {
        const doc = await settlement.abandon(id, failure);
        await locks.release(id);
        if (doc?.idempotency_key_hash) await keys.releaseHashed(doc.idempotency_key_hash, id);
      },

      // API: reads
      get: reads.get,
      /** The stored document (ours or the original's), for streaming its portfolios. */
      document: reads.header,
      list: reads.list,
      findByPortfolios: reads.findByPortfolios,
      /** Not guarded per item: a stream; the caller's error handling sees driver errors as they come. */
      portfolios: reads.portfolios,
      portfolio: reads.portfolio,
      portfolioCount: reads.portfolioCount,
      toDomain: reads.toDomain,
      /** Status and fail-fast flag only (group-read): the synchronous waiter's source of truth. */
      state: jobs.state,

      /** Deletes a finished rebalance and its groups; 404 unknown, 409 stale version or still active. */
      async delete(id: string, version: number): Promise<void> {
        const _id = toObjectId(id);
        const current = _id ? await rebalances.findOne({ _id }) : null;
        if (!_id || !current) throw new NotFoundError("rebalance", id, `Rebalance ${id} was not found.`);
        const status = isOriginalDocument(current) ? null : current.status;
        if (status && isActiveRebalanceStatus(status)) {
          throw new ConflictError(`Rebalance ${id} is still ${status}; it can be deleted once it has finished.`, {
            rebalance_status: status,
          });
        }
        const currentVersion = current.version ?? 1;
        // The original service's documents may carry no version: they are at version 1.
        const versionFilter =
          current.version === undefined && version === 1 ? { version: { $exists: false } } : { version };
        const deleted = await rebalances.deleteOne({ _id, ...versionFilter });
        if (deleted.deletedCount === 0) {
          throw new ConflictError(`Rebalance ${id} has version ${currentVersion}, not ${version}.`, {
            current_version: currentVersion,
          });
        }
        await Promise.all([groups.deleteMany({ rebalance_id: _id }), results.deleteMany({ rebalance_id: _id })]);
        await locks.release(id);
      },

      // Workers
      begin: (job: PortfolioJobRef, now = new Date()) => jobs.begin(job, now),

      /** Stores a portfolio's outcome exactly once (group-committed); false when one was stored already. */
      saveOutcome: (
        job: PortfolioJobRef & { bucketSize: number; prior: "queued" | "running" },
        outcome: PortfolioOutcome,
        run: PortfolioRun,
        at = new Date(),
      ) =>
        writer.save({
          rebalanceId: job.rebalanceId,
          index: job.index,
          bucketSize: job.bucketSize,
          outcome,
          run,
          prior: job.prior,
          at,
        }),

      requestStop: (id: string, failure: RebalanceFailure) => settlement.requestStop(id, failure),
      settle: (id: string, at = new Date()) => settlement.settle(id, at),
      markFollowedUp: (id: string) => settlement.markFollowedUp(id),
      releasePortfolios: (id: string) => locks.release(id),

      // Repair sweep
      /**
       * Rebalances that still need their finaliser — queued, running, or final with follow-ups pending — created
       * before `before`, oldest first, after `afterId` (paging).
       */
      async listUnsettledBefore(before: Date, limit: number, afterId?: string): Promise<UnsettledRebalance[]> {
        const after = afterId === undefined ? null : toObjectId(afterId);
        const docs = await ours
          .find(
            { ...UNSETTLED, created_at: { $lt: before }, ...(after ? { _id: { $gt: after } } : {}) },
            { projection: { _id: 1, status: 1, request_id: 1 } },
          )
          .sort({ _id: 1 })
          .limit(limit)
          .toArray();
        return docs.map((doc) => ({
          rebalanceId: doc._id.toHexString(),
          status: doc.status,
          requestId: doc.request_id,
        }));
      },

      /** The flow of a rebalance that still needs its finaliser (read fresh, for the repair); null otherwise. */
      async findUnsettledFlow(id: string): Promise<RebalanceFlowSource | null> {
        const _id = toObjectId(id);
        const doc = _id ? await ours.findOne({ _id, ...UNSETTLED }) : null;
        if (!doc || isOriginalDocument(doc)) return null;
        const all = await groups.find({ rebalance_id: doc._id }).sort({ bucket: 1 }).toArray();
        return {
          requestId: doc.request_id,
          portfolios: all.flatMap((group) =>
            group.portfolio_ids.map((portfolioId, slot) => ({
              portfolioId,
              index: group.bucket * doc.bucket_size + slot,
            })),
          ),
        };
      },
    },
    createDriverGuard(options.deadlineMs),
  );
  return {
    ...methods,
    /** Index builds are not bounded by the operation deadline (a large collection takes its time). */
    ensureIndexes: () => guardDriver(() => ensureRebalanceIndexes(db, options.retentionSeconds ?? null)),
    /** Bounded like every call, plus 1 ms per portfolio: a 10,000-portfolio submission writes 10,000 locks. */
    create: (input: NewRebalance, now?: Date) =>
      createDriverGuard(options.deadlineMs === undefined ? undefined : options.deadlineMs + input.portfolioIds.length)(
        () => submission.create(input, now),
      ),
  };
}

export type RebalanceRepository = ReturnType<typeof createRebalanceRepository>;
