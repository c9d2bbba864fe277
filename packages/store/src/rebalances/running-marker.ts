// Group commit of "portfolio job started" marks (the `running` set of SPEC §5.5 progress): one update
// per rebalance is in flight per process, and every mark that arrives meanwhile joins the next one, so
// a worker starting 16 jobs at once makes one round trip instead of 16 (each a full-document rewrite
// on the embedded MongoDB-compatible server). Each caller still waits until its own mark is stored.
import type { Collection, ObjectId } from "mongodb";

interface Pending {
  portfolioId: string;
  resolve(): void;
  reject(error: unknown): void;
}

export function createRunningMarker(rebalances: Collection<{ _id: ObjectId }>) {
  const queues = new Map<string, { id: ObjectId; pending: Pending[]; flushing: boolean }>();

  async function flush(key: string): Promise<void> {
    const queue = queues.get(key);
    if (!queue || queue.flushing) return;
    queue.flushing = true;
    try {
      while (queue.pending.length > 0) {
        const batch = queue.pending.splice(0, queue.pending.length);
        const set = Object.fromEntries(batch.map((p) => [`running.${p.portfolioId}`, true]));
        try {
          await rebalances.updateOne({ _id: queue.id }, { $set: set });
          for (const p of batch) p.resolve();
        } catch (error) {
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      queue.flushing = false;
      if (queue.pending.length === 0) queues.delete(key);
    }
  }

  return {
    mark(id: ObjectId, portfolioId: string): Promise<void> {
      const key = id.toHexString();
      const queue = queues.get(key) ?? { id, pending: [], flushing: false };
      queues.set(key, queue);
      return new Promise<void>((resolve, reject) => {
        queue.pending.push({ portfolioId, resolve, reject });
        void flush(key);
      });
    },
  };
}
