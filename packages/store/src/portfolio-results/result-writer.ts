// Group commit of final results: one insert is in flight per process and every result that arrives
// meanwhile joins the next batch, so a fleet finishing hundreds of portfolios a second makes a few
// round trips instead of hundreds. Each caller still waits until its own result is stored.
// Inserts are idempotent: a result already stored (a repeated delivery) is reported as not saved.
import { MongoBulkWriteError, ObjectId, type Collection, type WriteError } from "mongodb";
import { isDuplicateKeyError } from "../driver-errors.js";
import type { PortfolioResultDocument } from "./portfolio-result-document.js";

const MAX_BATCH = 500;
const FINAL_COUNTERS = ["completed", "infeasible", "failed", "cancelled"] as const;

interface Pending {
  doc: PortfolioResultDocument;
  resolve(saved: boolean): void;
  reject(error: unknown): void;
}

/** Inserts the documents; returns which were new. */
export async function insertResults(
  results: Collection<PortfolioResultDocument>,
  docs: PortfolioResultDocument[],
): Promise<boolean[]> {
  if (docs.length === 0) return [];
  try {
    await results.insertMany(docs, { ordered: false });
    return docs.map(() => true);
  } catch (error) {
    const bulk = error instanceof MongoBulkWriteError ? error : undefined;
    if (!bulk && !isDuplicateKeyError(error)) throw error;
    const reported = bulk?.writeErrors as WriteError | WriteError[] | undefined;
    const writeErrors = reported === undefined ? [] : Array.isArray(reported) ? reported : [reported];
    if (writeErrors.length > 0) {
      if (writeErrors.some((e) => e.code !== 11000)) throw error;
      const duplicates = new Set(writeErrors.map((e) => e.index));
      return docs.map((_, index) => !duplicates.has(index));
    }
    if (bulk && bulk.code !== 11000) throw error;
  }
  // The server named no failed index (the MongoDB-compatible test server rejects the whole batch): one by one.
  const inserted: boolean[] = [];
  for (const doc of docs) {
    try {
      await results.insertOne(doc);
      inserted.push(true);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      inserted.push(false);
    }
  }
  return inserted;
}

/** Live progress on the rebalance document: +1 per newly stored outcome, and the portfolio leaves `running`. */
async function applyCounters(
  rebalances: Collection<{ _id: ObjectId }>,
  docs: PortfolioResultDocument[],
  inserted: boolean[],
): Promise<void> {
  const byRebalance = new Map<string, { inc: Record<string, number>; done: string[] }>();
  docs.forEach((doc, index) => {
    const key = doc.rebalance_id.toHexString();
    const entry = byRebalance.get(key) ?? { inc: {}, done: [] };
    entry.done.push(doc.portfolio_id);
    if (inserted[index] && (FINAL_COUNTERS as readonly string[]).includes(doc.status))
      entry.inc[`counts.${doc.status}`] = (entry.inc[`counts.${doc.status}`] ?? 0) + 1;
    byRebalance.set(key, entry);
  });
  for (const [id, { inc, done }] of byRebalance) {
    const unset: Record<string, ""> = Object.fromEntries(
      done.map((portfolioId) => [`running.${portfolioId}`, "" as const]),
    );
    await rebalances.updateOne(
      { _id: new ObjectId(id) },
      { ...(Object.keys(inc).length ? { $inc: inc } : {}), $unset: unset },
    );
  }
}

export function createResultWriter(
  results: Collection<PortfolioResultDocument>,
  rebalances: Collection<{ _id: ObjectId }>,
) {
  const queue: Pending[] = [];
  let flushing = false;

  async function write(batch: Pending[]): Promise<void> {
    let inserted: boolean[];
    try {
      inserted = await insertResults(
        results,
        batch.map((p) => p.doc),
      );
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    try {
      await applyCounters(
        rebalances,
        batch.map((p) => p.doc),
        inserted,
      );
    } catch {
      // The results are stored, which is what counts; the finaliser recounts progress from them.
    }
    batch.forEach((pending, index) => pending.resolve(inserted[index] ?? false));
  }

  async function flush(): Promise<void> {
    if (flushing) return;
    flushing = true;
    try {
      while (queue.length > 0) await write(queue.splice(0, MAX_BATCH));
    } finally {
      flushing = false;
    }
  }

  return {
    save(doc: PortfolioResultDocument): Promise<boolean> {
      return new Promise<boolean>((resolve, reject) => {
        queue.push({ doc, resolve, reject });
        void flush();
      });
    },
  };
}
