// Ending a rebalance (SPEC §5.4): every portfolio left without an outcome is closed (failed, or cancelled
// after fail-fast), the progress is read back from the groups — so it counts exactly what is stored,
// whoever stored it — and the final status is set once. Idempotent: a re-run finaliser finds it final.
import { ObjectId, type Collection } from "mongodb";
import { settledStatus, type Progress, type Rebalance, type RebalanceFailure, type RebalanceStatus } from "@ogs/domain";
import type { PortfolioGroupDocument, RebalanceDocument } from "./documents.js";
import { progressFrom, rebalanceFromDocument, sumCounts, type StoredRebalanceDocument } from "./header.js";
import type { OutcomeWriter } from "./outcome-writer.js";
import { isOriginalDocument } from "./original-documents.js";
import { readSlot } from "./slot-state.js";

export interface SettledRebalance {
  rebalance: Rebalance;
  status: RebalanceStatus;
  progress: Progress;
}

const ACTIVE: { $in: RebalanceStatus[] } = { $in: ["queued", "running"] };

export function createSettlement(
  rebalances: Collection<StoredRebalanceDocument>,
  groups: Collection<PortfolioGroupDocument>,
  writer: OutcomeWriter,
) {
  const ours = rebalances as unknown as Collection<RebalanceDocument>;

  async function header(id: string): Promise<RebalanceDocument | null> {
    const doc = await rebalances.findOne({ _id: new ObjectId(id) });
    return doc && !isOriginalDocument(doc) ? doc : null;
  }

  async function groupsOf(id: string): Promise<PortfolioGroupDocument[]> {
    return groups
      .find({ rebalance_id: new ObjectId(id) })
      .sort({ bucket: 1 })
      .toArray();
  }

  /** Stores `outcome` for every slot still queued or running; returns the progress counted afterwards. */
  async function closeUnfinished(
    doc: RebalanceDocument,
    outcome: { status: "failed" | "cancelled"; error: string },
    at: Date,
  ): Promise<Progress> {
    const id = doc._id.toHexString();
    const open = (await groupsOf(id)).flatMap((group) =>
      group.portfolio_ids.flatMap((_, slot) => {
        const state = readSlot(group.slots[String(slot)]);
        if (state.kind === "final") return [];
        return [{ index: group.bucket * doc.bucket_size + slot, prior: state.kind }];
      }),
    );
    await writer.saveAll(
      open.map(({ index, prior }) => ({
        rebalanceId: id,
        index,
        bucketSize: doc.bucket_size,
        outcome,
        run: { attempts: 0, startedAt: null, finishedAt: at },
        prior,
        at,
      })),
    );
    // Read back: a late job may have stored some of them first, and only what is stored counts.
    return progressFrom(doc.number_of_portfolios, sumCounts(await groupsOf(id)));
  }

  /** Records the stop on the header (its reason, first one wins) and on every group (what jobs check). */
  async function stop(id: string, failure: RebalanceFailure): Promise<void> {
    const _id = new ObjectId(id);
    await ours.updateOne({ _id, failure: null, status: ACTIVE }, { $set: { failure } });
    await groups.updateMany({ rebalance_id: _id, failure: null }, { $set: { failure } });
  }

  return {
    /**
     * Closes what did not end and sets the final status, once (SPEC §5.4). Null when the rebalance is gone.
     * A rebalance already final keeps its status and progress (the finaliser re-runs its follow-ups).
     */
    async settle(id: string, at: Date): Promise<SettledRebalance | null> {
      const doc = await header(id);
      if (!doc) return null;
      if (doc.final_progress) {
        const rebalance = rebalanceFromDocument(doc, doc.final_progress);
        return { rebalance, status: doc.status, progress: doc.final_progress };
      }
      const stopped = doc.failure !== null;
      const progress = await closeUnfinished(
        doc,
        stopped
          ? { status: "cancelled", error: `Cancelled: ${doc.failure?.message ?? ""}` }
          : { status: "failed", error: "The portfolio job ended without a result." },
        at,
      );
      const status = settledStatus(progress, doc.number_of_portfolios, stopped);
      await ours.updateOne(
        { _id: doc._id, status: ACTIVE },
        {
          $set: { status, final_progress: progress, completed_at: at, follow_up_pending: true },
          $inc: { version: 1 },
        },
      );
      const settled = await header(id);
      if (!settled?.final_progress) return null;
      return {
        rebalance: rebalanceFromDocument(settled, settled.final_progress),
        status: settled.status,
        progress: settled.final_progress,
      };
    },

    /**
     * Undoes a submission whose flow could not be enqueued (the caller is told it did not start): every
     * portfolio cancelled, status failed. A flow that reached Redis after all stops at its jobs' first read.
     */
    async abandon(id: string, failure: RebalanceFailure): Promise<RebalanceDocument | null> {
      await stop(id, failure);
      const doc = await header(id);
      if (!doc) return null;
      const progress = await closeUnfinished(doc, { status: "cancelled", error: failure.message }, failure.at);
      await ours.updateOne(
        { _id: doc._id, status: ACTIVE },
        { $set: { status: "failed", final_progress: progress, completed_at: failure.at }, $inc: { version: 1 } },
      );
      return doc;
    },

    /** Fail-fast (SPEC §5.3): the first failure wins; the portfolios not started yet see it and cancel. */
    requestStop: stop,

    /** The finaliser's follow-ups (model date, portfolio release, webhooks) are done. */
    async markFollowedUp(id: string): Promise<void> {
      await ours.updateOne({ _id: new ObjectId(id), follow_up_pending: true }, { $set: { follow_up_pending: false } });
    },
  };
}

export type Settlement = ReturnType<typeof createSettlement>;
