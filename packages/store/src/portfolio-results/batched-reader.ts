// Group read: one read is in flight per reader, and every key asked for meanwhile joins the next read,
// so the portfolio jobs a worker starts together share one round trip. Freshness is that of a read of
// its own: a caller is only ever answered by a read that started after it asked.
interface Waiter<V> {
  resolve(value: V): void;
  reject(error: unknown): void;
}

/** `load` answers every key it was given (missing keys resolve as `fallback`). */
export function createBatchedReader<V>(load: (keys: string[]) => Promise<Map<string, V>>, fallback: V, maxBatch = 500) {
  const waiting = new Map<string, Waiter<V>[]>();
  let reading = false;

  async function drain(): Promise<void> {
    if (reading) return;
    reading = true;
    try {
      while (waiting.size > 0) {
        const keys = [...waiting.keys()].slice(0, maxBatch);
        const batch = keys.map((key) => [key, waiting.get(key) ?? []] as const);
        for (const key of keys) waiting.delete(key);
        try {
          const values = await load(keys);
          for (const [key, waiters] of batch)
            for (const w of waiters) w.resolve(values.has(key) ? (values.get(key) as V) : fallback);
        } catch (error) {
          for (const [, waiters] of batch) for (const w of waiters) w.reject(error);
        }
      }
    } finally {
      reading = false;
    }
  }

  return {
    read(key: string): Promise<V> {
      return new Promise<V>((resolve, reject) => {
        const waiters = waiting.get(key) ?? [];
        waiters.push({ resolve, reject });
        waiting.set(key, waiters);
        void drain();
      });
    },
  };
}
