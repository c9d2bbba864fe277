// A pool of solver threads, so a long solve never blocks the caller's event loop (BullMQ lock renewal); the
// lean solve may first try the exact fast paths in place for a bounded few milliseconds (`inlineMs`).
//
// Each thread holds its own HiGHS runtime and solves one portfolio at a time. The time limit is also
// enforced from outside: a thread still busy at timeLimitMs + grace is terminated and replaced, and
// its portfolio answers `timeout` ("no feasible solution exists", SPEC §5.1). A crashed thread is
// replaced and its job rejected, so the caller's retry policy decides.
import { Worker } from "node:worker_threads";
import { computeMarketValue, deriveUntradedResult } from "@ogs/domain";
import type { RebalanceInput, RebalanceOptions } from "@ogs/domain";
import { encodeOptions } from "./options-wire.js";
import { quantitiesOf, unpackQuantities, type SolvedQuantities } from "./quantities-wire.js";
import { solveRebalanceQuantitiesFast, untradedSolution, type RebalanceSolution } from "./solve.js";
import { decodeResult, encodeInput, type ThreadReply, type ThreadRequest } from "./thread-wire.js";

const START_RETRY_MS = 1000;

export interface SolverPoolOptions {
  /** Number of solver threads. @defaultValue none — required */
  threads: number;
  /** Time limit of one solve, passed to HiGHS and enforced from outside. @defaultValue none — required */
  timeLimitMs: number;
  /**
   * `solveQuantities` first tries the exact fast paths on the caller's thread for up to this long (a bounded
   * pause of its event loop), and hands the portfolio to a thread with the full limit only where they do not
   * prove the answer in time. @defaultValue 0 — every solve in a thread
   */
  inlineMs?: number;
  /** Extra time a thread gets beyond the limit before it is terminated. @defaultValue 1000 */
  graceMs?: number;
  /** Thread script (tests substitute a misbehaving one). @defaultValue the compiled solve-thread.js */
  threadEntry?: URL;
}

export interface SolverPool {
  /** Solves one portfolio under `options` (absent: the plain problem of SPEC §5.1) in a solver thread. */
  solve(input: RebalanceInput, options?: RebalanceOptions): Promise<RebalanceSolution>;
  /**
   * The same solve, answering only status, outcome, message, market value and the adjusted quantities (each
   * solution re-checked in exact decimals all the same): for callers that store only facts. With `inlineMs`
   * the fast paths answer in place where they prove the optimum in time.
   */
  solveQuantities(input: RebalanceInput, options?: RebalanceOptions): Promise<SolvedQuantities>;
  close(): Promise<void>;
}

type Answer = RebalanceSolution | SolvedQuantities;

interface Job {
  id: number;
  input: RebalanceInput;
  options: RebalanceOptions | undefined;
  /** What the caller asked for: the whole result, or only the quantities. */
  reply: "result" | "quantities";
  resolve(result: Answer): void;
  reject(error: Error): void;
}

/** The answer a thread's successful reply carries, as the job asked for it. */
function decodeReply(reply: Extract<ThreadReply, { ok: true }>): Answer {
  return "quantities" in reply ? unpackQuantities(reply.quantities) : decodeResult(reply.result);
}

interface Slot {
  worker: Worker;
  /** Set when the thread has loaded HiGHS; start-up time never counts against a solve's limit. */
  ready: boolean;
  job?: { job: Job; timer: NodeJS.Timeout; started: number };
}

/**
 * The compiled entry beside this module. When this module itself runs from TypeScript sources
 * (vitest), threads still run the build in ../dist, so `npx tsc -b packages/optimizer` comes first.
 */
function defaultThreadEntry(): URL {
  return new URL(import.meta.url.endsWith(".ts") ? "../dist/solve-thread.js" : "./solve-thread.js", import.meta.url);
}

function replyError(reply: Extract<ThreadReply, { ok: false }>): Error {
  const error = new Error(reply.message);
  error.name = reply.name;
  return error;
}

export function createSolverPool(options: SolverPoolOptions): SolverPool {
  if (!Number.isInteger(options.threads) || options.threads < 1)
    throw new RangeError("threads must be a whole number ≥ 1");
  const graceMs = options.graceMs ?? 1000;
  // Never longer in place than the whole limit allows.
  const inlineMs = Math.min(options.inlineMs ?? 0, options.timeLimitMs);
  const entry = options.threadEntry ?? defaultThreadEntry();
  const queue: Job[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;

  function finish(slot: Slot): Job | undefined {
    const running = slot.job;
    if (!running) return undefined;
    clearTimeout(running.timer);
    slot.job = undefined;
    return running.job;
  }

  function replace(slot: Slot): void {
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    if (closed) return;
    slot.worker = spawn(slot);
    dispatch();
  }

  function spawn(slot: Slot): Worker {
    const worker = new Worker(entry, { workerData: { timeLimitMs: options.timeLimitMs } });
    slot.ready = false;
    worker.on("message", (reply: ThreadReply | "ready") => {
      if (reply === "ready") {
        slot.ready = true;
        dispatch();
        return;
      }
      const job = slot.job?.job.id === reply.id ? finish(slot) : undefined;
      if (!job) return;
      if (reply.ok) job.resolve(decodeReply(reply));
      else job.reject(replyError(reply));
      dispatch();
    });
    const crash = (error: Error) => {
      const failure = new Error(`solver thread crashed: ${error.message}`);
      finish(slot)?.reject(failure);
      if (slot.ready) return replace(slot);
      // A thread that cannot even start (missing build, HiGHS failing to load) would fail the same
      // way at once: fail the waiting jobs instead of hanging them, and retry the start after a pause.
      for (const job of queue.splice(0)) job.reject(failure);
      slot.worker.removeAllListeners();
      setTimeout(() => replace(slot), START_RETRY_MS).unref();
    };
    worker.on("error", crash);
    worker.on("exit", (code) => crash(new Error(`exited with code ${code}`)));
    return worker;
  }

  function overrun(slot: Slot): void {
    const running = slot.job;
    const job = finish(slot);
    if (!job || !running) return;
    replace(slot);
    const elapsed = performance.now() - running.started;
    const untraded = untradedSolution(
      deriveUntradedResult(job.input, computeMarketValue(job.input), "timeout", elapsed),
    );
    job.resolve(job.reply === "quantities" ? quantitiesOf(job.input, untraded) : untraded);
  }

  function dispatch(): void {
    for (const slot of slots) {
      if (slot.job || !slot.ready) continue;
      const job = queue.shift();
      if (!job) return;
      const timer = setTimeout(() => overrun(slot), options.timeLimitMs + graceMs);
      slot.job = { job, timer, started: performance.now() };
      const request: ThreadRequest = { id: job.id, input: encodeInput(job.input) };
      if (job.options) request.options = encodeOptions(job.options);
      if (job.reply === "quantities") request.reply = "quantities";
      slot.worker.postMessage(request);
    }
  }

  for (let i = 0; i < options.threads; i += 1) {
    const slot = { ready: false } as Slot;
    slot.worker = spawn(slot);
    slots.push(slot);
  }

  function enqueue<T extends Answer>(
    input: RebalanceInput,
    options: RebalanceOptions | undefined,
    reply: Job["reply"],
  ): Promise<T> {
    if (closed) return Promise.reject(new Error("the solver pool is closed"));
    return new Promise<T>((resolve, reject) => {
      queue.push({ id: nextId++, input, options, reply, resolve: resolve as (answer: Answer) => void, reject });
      dispatch();
    });
  }

  return {
    solve: (input, options) => enqueue<RebalanceSolution>(input, options, "result"),
    solveQuantities(input, options) {
      if (inlineMs > 0 && !closed) {
        try {
          const answer = solveRebalanceQuantitiesFast(input, { ...options, timeLimitMs: inlineMs });
          if (answer) return Promise.resolve(answer);
        } catch (error) {
          // The same failure a thread would pass back (bad input, a solution failing its exact re-check).
          return Promise.reject(error instanceof Error ? error : new Error(String(error)));
        }
      }
      return enqueue<SolvedQuantities>(input, options, "quantities");
    },
    async close() {
      closed = true;
      const stopped = new Error("the solver pool is closed");
      for (const job of queue.splice(0)) job.reject(stopped);
      await Promise.all(
        slots.map(async (slot) => {
          finish(slot)?.reject(stopped);
          slot.worker.removeAllListeners();
          await slot.worker.terminate();
        }),
      );
    },
  };
}
