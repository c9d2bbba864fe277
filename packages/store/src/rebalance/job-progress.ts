// What a portfolio job asks of the store before it works (SPEC §5.4): is the rebalance still there, did a
// required service stop it (§5.3), is this portfolio's outcome already stored (a repeated delivery must do
// nothing) — and then marks the slot running. The common case is one conditional update of the slot's group,
// shared by the jobs that start together; the group is read only when that update matched nothing. The
// snapshot is read once per process and rebalance.
import { ObjectId, type Collection } from "mongodb";
import { LRUCache } from "lru-cache";
import { ConflictError, emptyProgress, type ModelSnapshot, type RebalanceFailure } from "@ogs/domain";
import { createGroupLoader, JOB_WRITE_WINDOW_MS } from "../group-loader.js";
import { groupId, slotPlace, type PortfolioGroupDocument, type RebalanceDocument } from "./documents.js";
import { rebalanceFromDocument, type StoredRebalanceDocument } from "./header.js";
import { isOriginalDocument } from "./original-documents.js";
import { readSlot, RUNNING } from "./slot-state.js";

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

interface MarkRequest {
  group: string;
  slot: string;
  portfolioId: string;
}

/** Whether a slot was marked running, or why not, read from its group (the rare path). */
type MarkOutcome =
  { kind: "marked" | "running" | "final" | "gone" | "misplaced" } | { kind: "stopped"; prior: "queued" | "running" };

/** The slot is still queued, holds this portfolio, and the rebalance was not stopped: the common case, one update. */
function markable({ slot, portfolioId }: MarkRequest): Record<string, unknown> {
  return { [`slots.${slot}`]: { $exists: false }, [`portfolio_ids.${slot}`]: portfolioId };
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

  /** Why `request` could not be marked: one read of its group. */
  async function diagnose(request: MarkRequest): Promise<MarkOutcome> {
    const group = await groups.findOne({ _id: request.group });
    if (!group) return { kind: "gone" };
    if (group.portfolio_ids[Number(request.slot)] !== request.portfolioId) return { kind: "misplaced" };
    const state = readSlot(group.slots[request.slot]);
    if (state.kind === "final") return { kind: "final" };
    if (group.failure) return { kind: "stopped", prior: state.kind };
    return { kind: "running" };
  }

  /**
   * Marks slots running: one conditional update per group for the jobs that start together — each slot still
   * queued, holding its portfolio, the rebalance not stopped — then, only when that matched nothing, one
   * update and a read per slot to learn why.
   */
  const markRunning = createGroupLoader<MarkRequest, MarkOutcome>(
    async (items) => {
      const answers = new Map<MarkRequest, MarkOutcome>();
      const byGroup = new Map<string, MarkRequest[]>();
      for (const item of items) byGroup.set(item.group, [...(byGroup.get(item.group) ?? []), item]);
      await Promise.all(
        [...byGroup].map(async ([group, entries]) => {
          const unique = [...new Map(entries.map((e) => [e.slot, e])).values()];
          const filter = Object.assign({ _id: group, failure: null }, ...unique.map(markable)) as object;
          const set = Object.fromEntries(unique.map((e) => [`slots.${e.slot}`, RUNNING]));
          const all = await groups.updateOne(filter, { $set: set, $inc: { "counts.running": unique.length } });
          if (all.modifiedCount === 1) return entries.forEach((e) => answers.set(e, { kind: "marked" }));
          for (const entry of entries) {
            const one = await groups.updateOne(
              { _id: group, failure: null, ...markable(entry) },
              { $set: { [`slots.${entry.slot}`]: RUNNING }, $inc: { "counts.running": 1 } },
            );
            answers.set(entry, one.modifiedCount === 1 ? { kind: "marked" } : await diagnose(entry));
          }
        }),
      );
      return items.map((item) => answers.get(item) ?? { kind: "gone" });
    },
    { windowMs: JOB_WRITE_WINDOW_MS },
  );
  /** Rebalances this process has moved from queued to running (one write per rebalance, not per job). */
  const started = new LRUCache<string, true>({ max: 1_000 });
  /** What a job needs of its rebalance that never changes (SPEC §5.2 step 2): read and decoded once per process. */
  const fixed = new LRUCache<string, { snapshot: ModelSnapshot; bucketSize: number }>({ max: 256 });

  async function markStarted(rebalanceId: string, now: Date): Promise<void> {
    if (started.has(rebalanceId)) return;
    await rebalances.updateOne(
      { _id: new ObjectId(rebalanceId), status: "queued" },
      { $set: { status: "running", started_at: now }, $inc: { version: 1 } },
    );
    started.set(rebalanceId, true);
  }

  async function fixedPartsOf(rebalanceId: string) {
    const cached = fixed.get(rebalanceId);
    if (cached) return cached;
    const header = await readHeader(rebalanceId);
    if (!header) return null;
    const parts = {
      snapshot: rebalanceFromDocument(header, emptyProgress()).snapshot as ModelSnapshot,
      bucketSize: header.bucket_size,
    };
    fixed.set(rebalanceId, parts);
    return parts;
  }

  return {
    /**
     * What the job should do: its slot marked running in one update when it is still queued (the common case);
     * otherwise its group tells whether the rebalance is gone, this outcome is stored, or fail-fast stopped it.
     */
    async begin(job: PortfolioJobRef, now: Date): Promise<JobStart> {
      const parts = await fixedPartsOf(job.rebalanceId);
      if (!parts) return { kind: "gone" };
      const { bucket, slot } = slotPlace(job.index, parts.bucketSize);
      const mark = await markRunning({ group: groupId(job.rebalanceId, bucket), slot, portfolioId: job.portfolioId });
      switch (mark.kind) {
        case "gone":
          return { kind: "gone" };
        case "final":
          return { kind: "done" };
        case "misplaced":
          throw new ConflictError(
            `Portfolio ${job.portfolioId} is not portfolio ${job.index} of rebalance ${job.rebalanceId}.`,
          );
        case "stopped": {
          // The stop is recorded on every group; its reason is on the header (read fresh).
          const header = await readHeader(job.rebalanceId);
          const failure: RebalanceFailure = header?.failure ?? {
            service: null,
            message: "The rebalance was stopped.",
            at: now,
          };
          return { kind: "stopped", failure, bucketSize: parts.bucketSize, prior: mark.prior };
        }
        case "marked":
        case "running":
          await markStarted(job.rebalanceId, now);
          return { kind: "run", snapshot: parts.snapshot, bucketSize: parts.bucketSize };
      }
    },

    /**
     * Status, fail-fast flag, and whether the finaliser's follow-up (the model's date and version, the
     * portfolios' release, the webhooks) is still to run: the synchronous waiter's source of truth.
     */
    async state(
      rebalanceId: string,
    ): Promise<(Pick<RebalanceDocument, "status" | "failure"> & { followUpPending: boolean }) | null> {
      const header = await readHeader(rebalanceId);
      return header
        ? { status: header.status, failure: header.failure ?? null, followUpPending: header.follow_up_pending }
        : null;
    },
  };
}

export type JobProgress = ReturnType<typeof createJobProgress>;
