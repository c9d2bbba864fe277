// Waiting for a rebalance in the synchronous response mode (SPEC §5.5). One shared BullMQ QueueEvents
// on the finaliser queue wakes the waiters of a rebalance when its finaliser job ends; the store is the
// source of truth and is re-read on every wake-up and on a slow poll (events published before a waiter
// subscribed are not replayed by QueueEvents). Every wait is bounded and ends when the client goes away.
import { finalizerJobId, openQueueEvents, QUEUE_NAMES, type JobEvent, type RedisConnection } from "@ogs/queue";

export type WaitResult = "finished" | "timeout" | "aborted";

export interface CompletionWaiter {
  /** Resolves once `isFinished` says so, after `timeoutMs`, or when `signal` aborts (the client disconnected). */
  wait(rebalanceId: string, timeoutMs: number, signal: AbortSignal): Promise<WaitResult>;
  close(): Promise<void>;
}

export interface CompletionWaiterDeps {
  /** A `worker`-role connection (one Redis or a cluster), duplicated by BullMQ for its blocking reads. */
  connection: RedisConnection;
  prefix: string;
  /** Reads the store: true once the rebalance has a final status. */
  isFinished(rebalanceId: string): Promise<boolean>;
  /** Safety-net poll of the store. @defaultValue 1000 */
  pollMs?: number;
  onError?: (error: Error) => void;
}

export function createCompletionWaiter({
  connection,
  prefix,
  isFinished,
  pollMs = 1_000,
  onError,
}: CompletionWaiterDeps): CompletionWaiter {
  const events = openQueueEvents({ connection, prefix, queue: QUEUE_NAMES.finalizer, onError });
  const wakers = new Map<string, Set<() => void>>();
  const wake = ({ jobId }: JobEvent) => wakers.get(jobId)?.forEach((w) => w());
  events.onCompleted(wake);
  events.onFailed(wake);

  return {
    wait(rebalanceId, timeoutMs, signal) {
      const jobId = finalizerJobId(rebalanceId);
      return new Promise<WaitResult>((resolve) => {
        let settled = false;
        let checking = false;
        const finish = (result: WaitResult) => {
          if (settled) return;
          settled = true;
          clearTimeout(deadline);
          clearInterval(poll);
          signal.removeEventListener("abort", onAbort);
          const set = wakers.get(jobId);
          set?.delete(check);
          if (set?.size === 0) wakers.delete(jobId);
          resolve(result);
        };
        const check = () => {
          if (settled || checking) return;
          checking = true;
          isFinished(rebalanceId).then(
            (done) => {
              checking = false;
              if (done) finish("finished");
            },
            // A failed read (MongoDB blip) is retried by the next poll; the deadline still bounds the wait.
            (error: unknown) => {
              checking = false;
              onError?.(error instanceof Error ? error : new Error(String(error)));
            },
          );
        };
        const onAbort = () => finish("aborted");
        const deadline = setTimeout(() => finish("timeout"), timeoutMs);
        const poll = setInterval(check, pollMs);
        if (signal.aborted) return finish("aborted");
        signal.addEventListener("abort", onAbort, { once: true });
        const set = wakers.get(jobId) ?? new Set();
        set.add(check);
        wakers.set(jobId, set);
        check();
      });
    },
    close: () => events.close(),
  };
}
