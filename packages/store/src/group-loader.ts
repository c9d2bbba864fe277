// Group reads and writes on DataLoader: while one batch is in flight, every request that arrives joins the
// next one, so the jobs a worker runs together share one round trip instead of one each; with a window, a
// first request also waits that long for company (each round trip costs a worker CPU in the driver and the
// kernel, and jobs finish a few ms apart). Nothing is cached: a caller is only ever answered by a batch that
// was sent after it asked (freshness of a read of its own).
import DataLoader from "dataloader";

/**
 * The window of the per-job writes (marking a slot running, storing an outcome): a few ms of latency on a job
 * of ~100 ms, for batches of several jobs instead of mostly one (README "Fleet benchmark").
 */
export const JOB_WRITE_WINDOW_MS = 4;

export interface GroupLoaderOptions {
  /** Largest batch. @defaultValue 500 */
  maxBatch?: number;
  /** How long a request that finds no batch in flight waits for others before its batch is sent. @defaultValue 0 (next tick) */
  windowMs?: number;
}

/** `run` answers its items in order (a value, or an Error for that item alone). */
export function createGroupLoader<K, V>(
  run: (items: readonly K[]) => Promise<readonly (V | Error)[]>,
  { maxBatch = 500, windowMs = 0 }: GroupLoaderOptions = {},
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
      // The next batch waits for the one in flight; a first request goes out after the window (or on the next tick).
      batchScheduleFn: (dispatch) => {
        if (inFlight) void inFlight.then(dispatch);
        else if (windowMs > 0) setTimeout(dispatch, windowMs);
        else process.nextTick(dispatch);
      },
    },
  );
  return (item) => loader.load(item);
}
