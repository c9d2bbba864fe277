// Per-portfolio results (SPEC §5.4): every write is idempotent, keyed by (rebalance_id, portfolio_id),
// so a job delivered twice, or retried after a crash, leaves exactly one result.
import { ObjectId, type Collection, type Db } from "mongodb";
import { isDuplicateKeyError as isDuplicateKey } from "../driver-errors.js";
import { guardRepository } from "../rebalances/guard-repository.js";
import { outcomeToFields, positionFromStored, resultFromStored } from "./portfolio-result-mapping.js";
import {
  FINAL_PORTFOLIO_STATUSES,
  PORTFOLIO_RESULTS_COLLECTION,
  PORTFOLIO_STATUSES,
  type PortfolioOutcome,
  type PortfolioResult,
  type PortfolioResultDocument,
  type PortfolioStatus,
  type PositionDetail,
} from "./portfolio-result-document.js";

export type Progress = Record<PortfolioStatus, number>;

const INSERT_BATCH = 1_000;

export async function ensurePortfolioResultIndexes(db: Db): Promise<void> {
  const results = db.collection<PortfolioResultDocument>(PORTFOLIO_RESULTS_COLLECTION);
  await results.createIndex({ rebalance_id: 1, portfolio_id: 1 }, { unique: true, name: "rebalance_portfolio_unique" });
  // Progress counts (GET /rebalance/{id}) and the finaliser.
  await results.createIndex({ rebalance_id: 1, status: 1 }, { name: "rebalance_status" });
  // POST /rebalances/portfolios.
  await results.createIndex({ portfolio_id: 1, rebalance_id: -1 }, { name: "portfolio_rebalances" });
}

export function createPortfolioResultRepository(db: Db) {
  const results: Collection<PortfolioResultDocument> = db.collection(PORTFOLIO_RESULTS_COLLECTION);
  const key = (rebalanceId: string, portfolioId: string) => ({ rebalance_id: new ObjectId(rebalanceId), portfolio_id: portfolioId });
  const notFinal = { status: { $nin: [...FINAL_PORTFOLIO_STATUSES] } };

  return guardRepository({
    ensureIndexes: () => ensurePortfolioResultIndexes(db),

    /** Creates the `queued` result of every portfolio of a new rebalance. */
    async createQueued(rebalanceId: string, portfolioIds: readonly string[], now: Date): Promise<void> {
      for (let start = 0; start < portfolioIds.length; start += INSERT_BATCH) {
        const batch = portfolioIds.slice(start, start + INSERT_BATCH).map(
          (portfolioId): PortfolioResultDocument => ({
            ...key(rebalanceId, portfolioId),
            status: "queued", error: null, portfolio_name: null, market_value: null, cash_before: null, cash_after: null,
            positions: [], transactions: [], attempts: 0, created_at: now, started_at: null, finished_at: null,
          }),
        );
        await results.insertMany(batch, { ordered: false });
      }
    },

    /**
     * Marks a portfolio `running` and counts the attempt. Returns false when its result is already
     * final: the job was delivered again after it finished and must do nothing.
     */
    async start(rebalanceId: string, portfolioId: string, now: Date): Promise<boolean> {
      try {
        const update = await results.updateOne(
          { ...key(rebalanceId, portfolioId), ...notFinal },
          { $set: { status: "running", started_at: now }, $inc: { attempts: 1 }, $setOnInsert: { created_at: now } },
          { upsert: true },
        );
        return update.matchedCount + update.upsertedCount > 0;
      } catch (error) {
        // The upsert collided with the unique key: a final result exists.
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },

    /** Stores a final outcome unless one is stored already (duplicate deliveries compute the same result). */
    async saveOutcome(rebalanceId: string, portfolioId: string, outcome: PortfolioOutcome, now: Date): Promise<boolean> {
      try {
        const update = await results.updateOne(
          { ...key(rebalanceId, portfolioId), ...notFinal },
          { $set: outcomeToFields(outcome, now), $setOnInsert: { created_at: now, attempts: 1, started_at: now } },
          { upsert: true },
        );
        return update.matchedCount + update.upsertedCount > 0;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },

    /** Ends every portfolio that has no final result (finaliser, fail-fast). Returns how many changed. */
    async closeUnfinished(rebalanceId: string, status: "failed" | "cancelled", error: string, now: Date): Promise<number> {
      const update = await results.updateMany(
        { rebalance_id: new ObjectId(rebalanceId), ...notFinal },
        { $set: { status, error, finished_at: now } },
      );
      return update.modifiedCount;
    },

    /** Counts by status, derived from the results themselves, so retries and concurrency cannot skew them. */
    async progress(rebalanceId: string): Promise<Progress> {
      const progress = Object.fromEntries(PORTFOLIO_STATUSES.map((s) => [s, 0])) as Progress;
      const groups = await results
        .aggregate<{ _id: PortfolioStatus; n: number }>([{ $match: { rebalance_id: new ObjectId(rebalanceId) } }, { $group: { _id: "$status", n: { $sum: 1 } } }])
        .toArray();
      for (const group of groups) progress[group._id] = group.n;
      return progress;
    },

    /** One page of a rebalance's results in portfolio id order; positions only when asked for. */
    async list(rebalanceId: string, page: { offset: number; limit: number; withPositions?: boolean }): Promise<{ total: number; items: PortfolioResult[] }> {
      const filter = { rebalance_id: new ObjectId(rebalanceId) };
      const projection = page.withPositions ? {} : { positions: 0 };
      const [total, docs] = await Promise.all([
        results.countDocuments(filter),
        results.find(filter, { projection }).sort({ portfolio_id: 1 }).skip(page.offset).limit(page.limit).toArray(),
      ]);
      return { total, items: docs.map(resultFromStored) };
    },

    async get(rebalanceId: string, portfolioId: string): Promise<PortfolioResult | null> {
      const doc = await results.findOne(key(rebalanceId, portfolioId));
      return doc ? resultFromStored(doc) : null;
    },

    /** One portfolio's positions (SPEC §5.5); null when the portfolio is not part of the rebalance. */
    async positions(rebalanceId: string, portfolioId: string): Promise<PositionDetail[] | null> {
      const doc = await results.findOne(key(rebalanceId, portfolioId), { projection: { positions: 1 } });
      return doc ? (doc.positions ?? []).map(positionFromStored) : null;
    },

    /** Ids of the rebalances that include any of these portfolios. */
    async rebalanceIdsFor(portfolioIds: readonly string[]): Promise<ObjectId[]> {
      return results.distinct("rebalance_id", { portfolio_id: { $in: [...portfolioIds] } });
    },

    async deleteAll(rebalanceId: string): Promise<void> {
      await results.deleteMany({ rebalance_id: new ObjectId(rebalanceId) });
    },
  });
}

export type PortfolioResultRepository = ReturnType<typeof createPortfolioResultRepository>;
