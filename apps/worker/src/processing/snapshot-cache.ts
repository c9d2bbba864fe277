// A rebalance's model snapshot never changes, so each worker reads it once per rebalance
// (ARCHITECTURE "Payloads carry ids only": cache immutable data by id).
import type { Rebalance } from "@ogs/store";

export interface SnapshotCache {
  get(rebalanceId: string): Promise<Rebalance | null>;
}

export function createSnapshotCache(
  load: (rebalanceId: string) => Promise<Rebalance | null>,
  maxEntries = 64,
): SnapshotCache {
  const entries = new Map<string, Promise<Rebalance | null>>();
  return {
    get(rebalanceId) {
      const cached = entries.get(rebalanceId);
      if (cached) return cached;
      const loading = load(rebalanceId);
      entries.set(rebalanceId, loading);
      // A failed or empty load is not remembered, so the next job asks again.
      loading.then(
        (rebalance) => {
          if (!rebalance) entries.delete(rebalanceId);
        },
        () => entries.delete(rebalanceId),
      );
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      return loading;
    },
  };
}
