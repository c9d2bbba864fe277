// Storing portfolio outcomes exactly once (SPEC §5.4), group-committed: the facts go into the result group
// under a fresh token, then one conditional update per portfolio group turns each slot from queued or
// running into its final code + token and moves the counts in the same write. A slot already final (a
// duplicate delivery won) matches nothing: that outcome is not stored, and its facts stay unread.
import type { Binary, Collection } from "mongodb";
import type { FinalPortfolioStatus, PortfolioOutcome, PortfolioRun } from "@ogs/domain";
import { createGroupLoader, JOB_WRITE_WINDOW_MS } from "../group-loader.js";
import { groupId, slotPlace, type PortfolioGroupDocument, type ResultGroupDocument } from "./documents.js";
import { packOutcome } from "./outcome-codec.js";
import { finalSlot, newResultToken, RUNNING } from "./slot-state.js";

export interface OutcomeToStore {
  rebalanceId: string;
  /** 0-based position in submission order. */
  index: number;
  bucketSize: number;
  outcome: PortfolioOutcome;
  run: PortfolioRun;
  /** The slot's state as the caller last saw it; the other one is tried too before giving up. */
  prior: "queued" | "running";
  at: Date;
}

interface Prepared {
  item: OutcomeToStore;
  group: string;
  slot: string;
  token: string;
  stored: Binary;
}

type Prior = OutcomeToStore["prior"];

const priorFilter = (slot: string, prior: Prior) =>
  prior === "running" ? { [`slots.${slot}`]: RUNNING } : { [`slots.${slot}`]: { $exists: false } };

function prepare(item: OutcomeToStore): Prepared {
  const { bucket, slot } = slotPlace(item.index, item.bucketSize);
  return {
    item,
    group: groupId(item.rebalanceId, bucket),
    slot,
    token: newResultToken(),
    stored: packOutcome(item.outcome, item.run, item.at),
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/** The `$set`/`$inc` that commits `entries` whose slots are all in state `prior`. */
function commitUpdate(entries: readonly Prepared[], prior: Prior) {
  const set: Record<string, string> = {};
  const inc: Record<string, number> = {};
  for (const entry of entries) {
    const status: FinalPortfolioStatus = entry.item.outcome.status;
    set[`slots.${entry.slot}`] = finalSlot(status, entry.token);
    inc[`counts.${status}`] = (inc[`counts.${status}`] ?? 0) + 1;
  }
  if (prior === "running") inc["counts.running"] = -entries.length;
  return { $set: set, $inc: inc };
}

export function createOutcomeWriter(
  groups: Collection<PortfolioGroupDocument>,
  results: Collection<ResultGroupDocument>,
) {
  /** Commits one entry alone, trying its prior state first and then the other; false when the slot is final. */
  async function commitOne(entry: Prepared): Promise<boolean> {
    const priors: Prior[] = entry.item.prior === "running" ? ["running", "queued"] : ["queued", "running"];
    for (const prior of priors) {
      const update = await groups.updateOne(
        { _id: entry.group, ...priorFilter(entry.slot, prior) },
        commitUpdate([entry], prior),
      );
      if (update.modifiedCount === 1) return true;
    }
    return false;
  }

  /** One update for all entries of a group that share a prior state; one by one when any of them has moved on. */
  async function commit(entries: readonly Prepared[], prior: Prior): Promise<boolean[]> {
    const group = entries[0]?.group as string;
    if (entries.length > 1) {
      const filter = Object.assign({ _id: group }, ...entries.map((e) => priorFilter(e.slot, prior))) as object;
      const update = await groups.updateOne(filter, commitUpdate(entries, prior));
      if (update.modifiedCount === 1) return entries.map(() => true);
    }
    const saved: boolean[] = [];
    for (const entry of entries) saved.push(await commitOne(entry));
    return saved;
  }

  async function store(items: readonly OutcomeToStore[]): Promise<boolean[]> {
    // Two outcomes for one slot in one batch (duplicate deliveries finishing together): the first goes on,
    // the others are not stored whatever happens to it.
    const seen = new Set<string>();
    const prepared = items.map(prepare).filter((p) => {
      const key = `${p.group}/${p.slot}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    // The facts first, so a committed slot always finds its token's outcome.
    await Promise.all(
      [...groupBy(prepared, (p) => p.group)].map(async ([group, entries]) => {
        const $set = Object.fromEntries(entries.map((e) => [`results.${e.slot}.${e.token}`, e.stored]));
        const update = await results.updateOne({ _id: group }, { $set });
        // Created with the rebalance, before its header: a missing one is a broken rebalance, never stored into.
        if (update.matchedCount === 0) throw new Error(`result group ${group} does not exist`);
      }),
    );
    const saved = new Map<Prepared, boolean>();
    await Promise.all(
      [...groupBy(prepared, (p) => `${p.group}|${p.item.prior}`)].map(async ([, entries]) => {
        const outcomes = await commit(entries, entries[0]?.item.prior ?? "queued");
        entries.forEach((entry, i) => saved.set(entry, outcomes[i] ?? false));
      }),
    );
    const byItem = new Map(prepared.map((p) => [p.item, saved.get(p) ?? false]));
    return items.map((item) => byItem.get(item) ?? false);
  }

  const save = createGroupLoader<OutcomeToStore, boolean>(
    async (items) => {
      try {
        return await store(items);
      } catch (error) {
        return items.map(() => (error instanceof Error ? error : new Error(String(error))));
      }
    },
    { windowMs: JOB_WRITE_WINDOW_MS },
  );

  return {
    /** Stores one outcome (group-committed with those arriving meanwhile); false when one was stored already. */
    save,
    /** Stores many at once (the finaliser closing what never ran). */
    saveAll: (items: readonly OutcomeToStore[]) => (items.length === 0 ? Promise.resolve([]) : store(items)),
  };
}

export type OutcomeWriter = ReturnType<typeof createOutcomeWriter>;
