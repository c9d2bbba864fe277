// Per-portfolio results (SPEC §5.4): one insert-only document per (rebalance, portfolio), written when
// its outcome is final. A job delivered twice, or retried after a crash, finds the document and stops,
// or loses the insert race on the unique `_id`: exactly one result either way. Queued and running
// portfolios are derived from the rebalance document (its portfolio list and `running` set).
import { ObjectId, type Collection, type Db } from "mongodb";
import { guardRepository } from "../rebalances/guard-repository.js";
import { ACTIVE_PORTFOLIOS_COLLECTION } from "../rebalances/active-portfolios.js";
import { REBALANCES_COLLECTION, type RebalanceDocument } from "../rebalances/rebalance-document.js";
import { outcomeToFields, pendingResult, positionFromStored, resultFromStored } from "./portfolio-result-mapping.js";
import { resultId, resultRange } from "./result-keys.js";
import { createBatchedReader } from "./batched-reader.js";
import { createResultWriter, insertResults } from "./result-writer.js";
import {
  PORTFOLIO_RESULTS_COLLECTION,
  PORTFOLIO_STATUSES,
  type PortfolioOutcome,
  type PortfolioResult,
  type PortfolioResultDocument,
  type Progress,
  type PositionDetail,
} from "./portfolio-result-document.js";

export interface SaveDetails {
  /** Deliveries of the job so far, this one included. @defaultValue 1 */
  attempts?: number;
  startedAt?: Date;
}

export async function ensurePortfolioResultIndexes(db: Db): Promise<void> {
  // POST /rebalances/portfolios. Lookups by rebalance use the `_id` range; no other index, so writes stay cheap.
  await db.collection(PORTFOLIO_RESULTS_COLLECTION).createIndex({ portfolio_id: 1 }, { name: "portfolio" });
}

export function createPortfolioResultRepository(db: Db) {
  const results: Collection<PortfolioResultDocument> = db.collection(PORTFOLIO_RESULTS_COLLECTION);
  const rebalances: Collection<RebalanceDocument> = db.collection(REBALANCES_COLLECTION);
  const writer = createResultWriter(results, db.collection<{ _id: ObjectId }>(REBALANCES_COLLECTION));
  // Jobs that start together ask together: one `$in` read for all of them.
  const storedIds = createBatchedReader(async (ids) => {
    const docs = await results.find({ _id: { $in: ids } }, { projection: { _id: 1 } }).toArray();
    return new Map(docs.map((doc) => [doc._id, true]));
  }, false);

  function documentOf(
    rebalanceId: string,
    portfolioId: string,
    outcome: PortfolioOutcome,
    now: Date,
    details: SaveDetails = {},
  ): PortfolioResultDocument {
    return {
      _id: resultId(rebalanceId, portfolioId),
      rebalance_id: new ObjectId(rebalanceId),
      portfolio_id: portfolioId,
      ...outcomeToFields(outcome, now),
      attempts: details.attempts ?? 1,
      created_at: now,
      started_at: details.startedAt ?? null,
    };
  }

  async function membership(rebalanceId: string): Promise<Pick<RebalanceDocument, "portfolio_ids" | "running"> | null> {
    if (!ObjectId.isValid(rebalanceId)) return null;
    return rebalances.findOne({ _id: new ObjectId(rebalanceId) }, { projection: { portfolio_ids: 1, running: 1 } });
  }

  return guardRepository({
    ensureIndexes: () => ensurePortfolioResultIndexes(db),

    /** True when the portfolio's outcome is already stored (a repeated delivery must do nothing). Group-read. */
    isFinal: (rebalanceId: string, portfolioId: string): Promise<boolean> =>
      storedIds.read(resultId(rebalanceId, portfolioId)),

    /** Stores a final outcome (group-committed); false when one was stored already. */
    async saveOutcome(
      rebalanceId: string,
      portfolioId: string,
      outcome: PortfolioOutcome,
      now: Date,
      details?: SaveDetails,
    ): Promise<boolean> {
      return writer.save(documentOf(rebalanceId, portfolioId, outcome, now, details));
    },

    /**
     * Ends every portfolio without a stored outcome (finaliser, abandoned submission) and returns the
     * outcome counts recounted from the stored results themselves, in one pass over the rebalance's range.
     */
    async closeUnfinished(
      rebalanceId: string,
      portfolioIds: readonly string[],
      status: "failed" | "cancelled",
      error: string,
      now: Date,
    ): Promise<{ closed: number; progress: Progress }> {
      // An aggregation $project, not a find projection: the embedded test server ignores find projections and
      // would ship every stored position to the finaliser (≈ 1 GB of RSS for 10,000 portfolios × 50 positions).
      const count = async () => {
        const stored = await results
          .aggregate<{ _id: string; status: PortfolioResultDocument["status"] }>([
            { $match: { _id: resultRange(rebalanceId) } },
            { $project: { _id: 1, status: 1 } },
          ])
          .toArray();
        const progress = Object.fromEntries(PORTFOLIO_STATUSES.map((s) => [s, 0])) as Progress;
        for (const doc of stored) progress[doc.status] += 1;
        return { progress, done: new Set(stored.map((doc) => doc._id)) };
      };
      const { progress, done } = await count();
      const missing = portfolioIds
        .filter((id) => !done.has(resultId(rebalanceId, id)))
        .map((id) => documentOf(rebalanceId, id, { status, error }, now, { attempts: 0 }));
      const closed = (await insertResults(results, missing)).filter(Boolean).length;
      // Another writer stored some of them meanwhile (a late job, a second finaliser): their outcomes are
      // counted nowhere yet, so count again from what is stored.
      if (closed < missing.length) return { closed, progress: (await count()).progress };
      progress[status] += closed;
      return { closed, progress };
    },

    /** One page of a rebalance's portfolios in submission order, each with its result or queued/running status. */
    async list(
      rebalanceId: string,
      page: { offset: number; limit: number; withPositions?: boolean },
    ): Promise<{ total: number; items: PortfolioResult[] }> {
      const rebalance = await membership(rebalanceId);
      if (!rebalance) return { total: 0, items: [] };
      const ids = rebalance.portfolio_ids.slice(page.offset, page.offset + page.limit);
      const projection = page.withPositions ? {} : { positions: 0 };
      const docs = ids.length
        ? await results.find({ _id: { $in: ids.map((id) => resultId(rebalanceId, id)) } }, { projection }).toArray()
        : [];
      const byPortfolio = new Map(docs.map((doc) => [doc.portfolio_id, doc]));
      const running = new Set(Object.keys(rebalance.running ?? {}));
      const items = ids.map((id) => {
        const doc = byPortfolio.get(id);
        return doc ? resultFromStored(doc) : pendingResult(rebalanceId, id, running.has(id) ? "running" : "queued");
      });
      return { total: rebalance.portfolio_ids.length, items };
    },

    /** One portfolio's result; null when the portfolio is not part of the rebalance. */
    async get(rebalanceId: string, portfolioId: string): Promise<PortfolioResult | null> {
      const doc = await results.findOne({ _id: resultId(rebalanceId, portfolioId) });
      if (doc) return resultFromStored(doc);
      const rebalance = await membership(rebalanceId);
      if (!rebalance?.portfolio_ids.includes(portfolioId)) return null;
      return pendingResult(rebalanceId, portfolioId, rebalance.running?.[portfolioId] ? "running" : "queued");
    },

    /** One portfolio's positions (SPEC §5.5): empty until solved; null when not part of the rebalance. */
    async positions(rebalanceId: string, portfolioId: string): Promise<PositionDetail[] | null> {
      const doc = await results.findOne({ _id: resultId(rebalanceId, portfolioId) }, { projection: { positions: 1 } });
      if (doc) return (doc.positions ?? []).map(positionFromStored);
      const rebalance = await membership(rebalanceId);
      return rebalance?.portfolio_ids.includes(portfolioId) ? [] : null;
    },

    /** Ids of the rebalances that include any of these portfolios: finished ones by result, active ones by lock. */
    async rebalanceIdsFor(portfolioIds: readonly string[]): Promise<ObjectId[]> {
      const ids = [...portfolioIds];
      const [finished, active] = await Promise.all([
        results.distinct("rebalance_id", { portfolio_id: { $in: ids } }),
        db
          .collection<{ _id: string; rebalance_id: ObjectId }>(ACTIVE_PORTFOLIOS_COLLECTION)
          .find({ _id: { $in: ids } })
          .toArray(),
      ]);
      const unique = new Map(
        [...finished, ...active.map((lock) => lock.rebalance_id)].map((id) => [id.toHexString(), id]),
      );
      return [...unique.values()];
    },

    async deleteAll(rebalanceId: string): Promise<void> {
      await results.deleteMany({ _id: resultRange(rebalanceId) });
    },
  });
}

export type PortfolioResultRepository = ReturnType<typeof createPortfolioResultRepository>;
