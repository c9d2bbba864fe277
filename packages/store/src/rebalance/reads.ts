// Reading rebalances (SPEC §5.5): one with live progress, pages of them sorted by the portal's columns,
// those touching some portfolios, and a rebalance's portfolios streamed in submission order — a slice of
// one group's outcomes at a time, so a rebalance of any size is served without holding it in memory.
import { ObjectId, type Collection, type Sort } from "mongodb";
import {
  createPortfolioReporter,
  emptyProgress,
  type PortfolioReport,
  type PortfolioState,
  type Rebalance,
} from "@ogs/domain";
import type { PortfolioGroupDocument, RebalanceDocument, ResultGroupDocument, SlotCounts } from "./documents.js";
import { rebalanceFromDocument, sumCounts, toRebalance, type StoredRebalanceDocument } from "./header.js";
import { unpackOutcome } from "./outcome-codec.js";
import { isOriginalDocument, originalPortfolioReports } from "./original-documents.js";
import { readSlot } from "./slot-state.js";

export type RebalanceSortField =
  | "created_at"
  | "rebalance_date"
  | "completed_at"
  | "model_id"
  | "model_name"
  | "number_of_portfolios"
  | "status"
  | "rebalance_id";

export interface RebalanceListQuery {
  offset: number;
  limit: number;
  /** Applied in order, then by id; default newest first. */
  sort?: { field: RebalanceSortField; direction: 1 | -1 }[];
}

export interface PortfolioRange {
  offset: number;
  limit: number;
}

/** Portfolio groups (ids and slot states, a few KB each) fetched per round trip while streaming. */
const GROUP_BATCH = 4;
/**
 * Outcomes read per round trip while streaming (≈ 5 KB each at 50 positions). A reply's buffer lives until its
 * last outcome is written; a whole result group (100 outcomes) lived across several young-generation collections
 * of the API, so V8 promoted the objects viewing it and its ≈ 0.5 MB stayed off-heap until a full collection —
 * ~50 MB over a 10,000-portfolio document (SPEC §5.5). Twenty outcomes die young.
 */
const RESULT_SLICE = 20;

export function toObjectId(id: string): ObjectId | null {
  return /^[0-9a-fA-F]{24}$/.test(id) ? new ObjectId(id) : null;
}

export function createReads(
  rebalances: Collection<StoredRebalanceDocument>,
  groups: Collection<PortfolioGroupDocument>,
  results: Collection<ResultGroupDocument>,
) {
  async function liveCounts(doc: RebalanceDocument): Promise<SlotCounts> {
    const counts = await groups.find({ rebalance_id: doc._id }, { projection: { counts: 1 } }).toArray();
    return sumCounts(counts);
  }

  const toDomain = (doc: StoredRebalanceDocument) => toRebalance(doc, liveCounts);

  async function page(filter: object, query: RebalanceListQuery): Promise<Rebalance[]> {
    const keys = (query.sort ?? []).map(
      ({ field, direction }) => [field === "rebalance_id" ? "_id" : field, direction] as const,
    );
    // Ties fall back to the newest id — unless the sort is by the id itself: a second `_id` key would
    // overwrite its direction in the sort object.
    const sort: Sort = keys.length
      ? Object.fromEntries<1 | -1>(keys.some(([key]) => key === "_id") ? keys : [...keys, ["_id", -1] as const])
      : { created_at: -1, _id: -1 };
    const docs = await rebalances.find(filter).sort(sort).skip(query.offset).limit(query.limit).toArray();
    return Promise.all(docs.map(toDomain));
  }

  /** The solved facts of one group's slots, by slot, from its result group (all of it, or the slots' slice). */
  function* statesOf(
    group: PortfolioGroupDocument,
    resultGroup: Pick<ResultGroupDocument, "results"> | null,
    from = 0,
    to = group.portfolio_ids.length,
  ): Generator<PortfolioState> {
    // One slot at a time: its outcome is decoded only when the stream asks for it, so memory holds one portfolio.
    for (let index = from; index < to; index += 1) {
      const portfolioId = group.portfolio_ids[index] as string;
      const slot = String(index);
      const state = readSlot(group.slots[slot]);
      if (state.kind !== "final") {
        yield { portfolioId, status: state.kind };
        continue;
      }
      const stored = resultGroup?.results[slot]?.[state.token];
      // A committed slot always has its facts (they are written first); a missing one means the data was altered.
      if (!stored) throw new Error(`result ${slot}/${state.token} of group ${group._id} is missing`);
      yield { portfolioId, status: state.status, ...unpackOutcome(stored) };
    }
  }

  /**
   * The committed outcomes of slots `from … to` of one group: only those, by their tokens (a projection), in
   * one small reply instead of the group's ≈ 0.5 MB. Null when none of them is final.
   */
  async function resultSlice(group: PortfolioGroupDocument, from: number, to: number) {
    const projection: Record<string, 1> = {};
    for (let index = from; index < to; index += 1) {
      const state = readSlot(group.slots[String(index)]);
      if (state.kind === "final") projection[`results.${index}.${state.token}`] = 1;
    }
    if (Object.keys(projection).length === 0) return null;
    return results.findOne({ _id: group._id }, { projection });
  }

  async function* streamOurs(doc: RebalanceDocument, range?: PortfolioRange): AsyncGenerator<PortfolioReport> {
    const size = doc.bucket_size;
    const first = range ? range.offset : 0;
    const end = range ? Math.min(doc.number_of_portfolios, range.offset + range.limit) : doc.number_of_portfolios;
    if (end <= first) return;
    const buckets = { $gte: Math.floor(first / size), $lte: Math.floor((end - 1) / size) };
    const report = createPortfolioReporter(rebalanceFromDocument(doc, emptyProgress()).snapshot?.positions ?? []);
    const groupCursor = groups
      .find({ rebalance_id: doc._id, bucket: buckets })
      .sort({ bucket: 1 })
      .batchSize(GROUP_BATCH);
    try {
      for await (const group of groupCursor) {
        const base = group.bucket * size;
        const to = Math.min(group.portfolio_ids.length, end - base);
        for (let from = Math.max(0, first - base); from < to; from += RESULT_SLICE) {
          const stop = Math.min(to, from + RESULT_SLICE);
          const slice = await resultSlice(group, from, stop);
          for (const state of statesOf(group, slice, from, stop)) yield report(state);
        }
      }
    } finally {
      await groupCursor.close();
    }
  }

  return {
    toDomain,

    async header(id: string): Promise<StoredRebalanceDocument | null> {
      const _id = toObjectId(id);
      return _id ? rebalances.findOne({ _id }) : null;
    },

    async get(id: string): Promise<Rebalance | null> {
      const _id = toObjectId(id);
      const doc = _id ? await rebalances.findOne({ _id }) : null;
      return doc ? toDomain(doc) : null;
    },

    async list(query: RebalanceListQuery): Promise<{ total: number; items: Rebalance[] }> {
      const [total, items] = await Promise.all([rebalances.estimatedDocumentCount(), page({}, query)]);
      return { total, items };
    },

    /** Rebalances that include any of the portfolios (POST /rebalances/portfolios), newest first. */
    async findByPortfolios(
      portfolioIds: readonly string[],
      range: PortfolioRange,
    ): Promise<{ total: number; items: Rebalance[] }> {
      const ids = [...portfolioIds];
      const [ours, original] = await Promise.all([
        groups.find({ portfolio_ids: { $in: ids } }, { projection: { rebalance_id: 1 } }).toArray(),
        rebalances.find({ "portfolios.portfolio_id": { $in: ids } }, { projection: { _id: 1 } }).toArray(),
      ]);
      const unique = new Map(
        [...ours.map((g) => g.rebalance_id), ...original.map((r) => r._id)].map((id) => [id.toHexString(), id]),
      );
      const filter = { _id: { $in: [...unique.values()] } };
      const [total, items] = await Promise.all([rebalances.countDocuments(filter), page(filter, range)]);
      return { total, items };
    },

    /** The rebalance's portfolios in submission order (all, or `range`), each as the API reports it. */
    portfolios(doc: StoredRebalanceDocument, range?: PortfolioRange): AsyncIterable<PortfolioReport> {
      if (!isOriginalDocument(doc)) return streamOurs(doc, range);
      // The original's documents hold their portfolios already: served from memory, as one read.
      const all = originalPortfolioReports(doc);
      const slice = range ? all.slice(range.offset, range.offset + range.limit) : all;
      return {
        [Symbol.asyncIterator]: () => {
          const items = slice.values();
          return { next: () => Promise.resolve(items.next()) };
        },
      };
    },

    /** How many portfolios `portfolios` yields in all (the original service kept only those it solved). */
    portfolioCount(doc: StoredRebalanceDocument): number {
      return isOriginalDocument(doc) ? doc.portfolios.length : doc.number_of_portfolios;
    },

    /** One portfolio of a rebalance; null when it is not part of it. */
    async portfolio(doc: StoredRebalanceDocument, portfolioId: string): Promise<PortfolioReport | null> {
      if (isOriginalDocument(doc))
        return originalPortfolioReports(doc).find((p) => p.portfolioId === portfolioId) ?? null;
      const group = await groups.findOne({ rebalance_id: doc._id, portfolio_ids: portfolioId });
      if (!group) return null;
      const slot = group.portfolio_ids.indexOf(portfolioId);
      for await (const report of streamOurs(doc, { offset: group.bucket * doc.bucket_size + slot, limit: 1 })) {
        return report;
      }
      return null;
    },
  };
}

export type Reads = ReturnType<typeof createReads>;
