// What a portfolio job asks of the store before it works (SPEC §5.4): is the rebalance still there, did a
// required service stop it (§5.3), is this portfolio's outcome already stored (a repeated delivery must do
// nothing) — and then marks the slot running. The jobs a worker starts together share one read of their
// headers, one of their groups, and one update per group.
import { ObjectId, type Collection } from "mongodb";
import { ConflictError, type ModelSnapshot, type RebalanceFailure } from "@ogs/domain";
import { createGroupLoader } from "../group-loader.js";
import { groupId, slotPlace, type PortfolioGroupDocument, type RebalanceDocument } from "./documents.js";
import { LRUCache } from "lru-cache";
import { isFinalStatus, rebalanceFromDocument, type StoredRebalanceDocument } from "./header.js";
import { isOriginalDocument } from "./original-documents.js";
import { readSlot, RUNNING } from "./slot-state.js";
import { emptyProgress } from "@ogs/domain";

export interface PortfolioJobRef {
  rebalanceId: string;
  portfolioId: string;
  /** 0-based position in submission order. */
  index: number;
}

/** What a job should do, and what it needs to do it. */
export type JobStart =
  /** The rebalance is gone (deleted) or already final: nothing to do. */
  | { kind: "gone" }
  /** This portfolio's outcome is stored already (a repeated or recovered delivery). */
  | { kind: "done" }
  /** Fail-fast (SPEC §5.3): store it as cancelled without running it. */
  | { kind: "stopped"; failure: RebalanceFailure; bucketSize: number; prior: "queued" | "running" }
  | { kind: "run"; snapshot: ModelSnapshot; bucketSize: number };

function byIds<T extends { _id: unknown }>(docs: T[], key: (doc: T) => string): Map<string, T> {
  return new Map(docs.map((doc) => [key(doc), doc]));
}

export function createJobProgress(
  rebalances: Collection<StoredRebalanceDocument>,
  groups: Collection<PortfolioGroupDocument>,
) {
  const readHeader = createGroupLoader<string, RebalanceDocument | null>(async (ids) => {
    const docs = await rebalances.find({ _id: { $in: ids.map((id) => new ObjectId(id)) } }).toArray();
    const found = byIds(docs, (doc) => doc._id.toHexString());
    return ids.map((id) => {
      const doc = found.get(id);
      return doc && !isOriginalDocument(doc) ? doc : null;
    });
  });
  const readGroup = createGroupLoader<string, PortfolioGroupDocument | null>(async (ids) => {
    const found = byIds(await groups.find({ _id: { $in: [...new Set(ids)] } }).toArray(), (doc) => doc._id);
    return ids.map((id) => found.get(id) ?? null);
  });
  /** Marks slots running: one update per group for the jobs that start together, each slot only if still queued. */
  const markRunning = createGroupLoader<{ group: string; slot: string }, "marked" | "running" | "final">(
    async (items) => {
      const answers = new Map<{ group: string; slot: string }, "marked" | "running" | "final">();
      const byGroup = new Map<string, { group: string; slot: string }[]>();
      for (const item of items) byGroup.set(item.group, [...(byGroup.get(item.group) ?? []), item]);
      await Promise.all(
        [...byGroup].map(async ([group, entries]) => {
          const slots = [...new Set(entries.map((e) => e.slot))];
          const filter = Object.assign(
            { _id: group },
            ...slots.map((s) => ({ [`slots.${s}`]: { $exists: false } })),
          ) as Record<string, unknown>;
          const set = Object.fromEntries(slots.map((s) => [`slots.${s}`, RUNNING]));
          const all = await groups.updateOne(filter, { $set: set, $inc: { "counts.running": slots.length } });
          if (all.modifiedCount === 1) return entries.forEach((e) => answers.set(e, "marked"));
          for (const entry of entries) {
            const one = await groups.updateOne(
              { _id: group, [`slots.${entry.slot}`]: { $exists: false } },
              { $set: { [`slots.${entry.slot}`]: RUNNING }, $inc: { "counts.running": 1 } },
            );
            if (one.modifiedCount === 1) answers.set(entry, "marked");
            else {
              const current = await groups.findOne({ _id: group });
              answers.set(entry, readSlot(current?.slots[entry.slot]).kind === "final" ? "final" : "running");
            }
          }
        }),
      );
      return items.map((item) => answers.get(item) ?? "final");
    },
  );
  /** Rebalances this process has moved from queued to running (one write per rebalance, not per job). */
  const started = new LRUCache<string, true>({ max: 1_000 });
  /** A rebalance's snapshot never changes (SPEC §5.2 step 2): decoded once per process. */
  const snapshots = new LRUCache<string, ModelSnapshot>({ max: 256 });

  async function markStarted(rebalanceId: string, now: Date): Promise<void> {
    if (started.has(rebalanceId)) return;
    await rebalances.updateOne(
      { _id: new ObjectId(rebalanceId), status: "queued" },
      { $set: { status: "running", started_at: now }, $inc: { version: 1 } },
    );
    started.set(rebalanceId, true);
  }

  function snapshotOf(header: RebalanceDocument): ModelSnapshot {
    const id = header._id.toHexString();
    const cached = snapshots.get(id);
    if (cached) return cached;
    const snapshot = rebalanceFromDocument(header, emptyProgress()).snapshot as ModelSnapshot;
    snapshots.set(id, snapshot);
    return snapshot;
  }

  return {
    /** Reads what the job needs and, when it is to run, marks its slot running. */
    async begin(job: PortfolioJobRef, now: Date): Promise<JobStart> {
      const header = await readHeader(job.rebalanceId);
      if (!header || isFinalStatus(header.status)) return { kind: "gone" };
      const { bucket, slot } = slotPlace(job.index, header.bucket_size);
      const group = await readGroup(groupId(job.rebalanceId, bucket));
      if (group?.portfolio_ids[Number(slot)] !== job.portfolioId) {
        throw new ConflictError(
          `Portfolio ${job.portfolioId} is not portfolio ${job.index} of rebalance ${job.rebalanceId}.`,
        );
      }
      const state = readSlot(group.slots[slot]);
      if (state.kind === "final") return { kind: "done" };
      if (header.failure) {
        return { kind: "stopped", failure: header.failure, bucketSize: header.bucket_size, prior: state.kind };
      }
      const mark = await markRunning({ group: group._id, slot });
      if (mark === "final") return { kind: "done" };
      await markStarted(job.rebalanceId, now);
      return { kind: "run", snapshot: snapshotOf(header), bucketSize: header.bucket_size };
    },

    /** Status and fail-fast flag (the synchronous waiter's source of truth, and every job's first read). */
    async state(rebalanceId: string): Promise<Pick<RebalanceDocument, "status" | "failure"> | null> {
      const header = await readHeader(rebalanceId);
      return header ? { status: header.status, failure: header.failure ?? null } : null;
    },
  };
}

export type JobProgress = ReturnType<typeof createJobProgress>;
