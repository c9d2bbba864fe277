// Group reads and writes on DataLoader: while one batch is in flight, every request that arrives joins the
// next one, so the jobs a worker runs together share one round trip instead of one each. Nothing is cached:
// a caller is only ever answered by a batch that was sent after it asked (freshness of a read of its own).
import DataLoader from "dataloader";

export interface GroupLoaderOptions {
  /** Largest batch. @defaultValue 500 */
  maxBatch?: number;
}

/** `run` answers its items in order (a value, or an Error for that item alone). */
export function createGroupLoader<K, V>(
  run: (items: readonly K[]) => Promise<readonly (V | Error)[]>,
  { maxBatch = 500 }: GroupLoaderOptions = {},
): (item: K) => Promise<V> {
  let inFlight: Promise<unknown> | null = null;
  const loader = new DataLoader<K, V>(
    (items) => {
      const batch = run(items);
      const settled = batch.then(
        () => undefined,
        () => undefined,
      );
      inFlight = settled;
      void settled.then(() => {
        if (inFlight === settled) inFlight = null;
      });
      return batch;
    },
    {
      cache: false,
      maxBatchSize: maxBatch,
      // The next batch waits for the one in flight; a first request goes out on the next tick.
      batchScheduleFn: (dispatch) => {
        if (inFlight) void inFlight.then(dispatch);
        else process.nextTick(dispatch);
      },
    },
  );
  return (item) => loader.load(item);
}
