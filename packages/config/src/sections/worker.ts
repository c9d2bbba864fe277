// The worker process (SPEC §5.4, §7): concurrency, solver pool, job locks, shutdown and its ops server.
import { availableParallelism } from "node:os";
import { z } from "zod";
import { nonNegativeInt, port, positiveInt } from "../fields.js";

const cores = availableParallelism();

export const workerEnv = z.object({
  /** Portfolio jobs processed at once by one worker process. @defaultValue the host's CPU cores (`os.availableParallelism()`) */
  WORKER_CONCURRENCY: positiveInt(cores),
  /** Finaliser jobs processed at once by one worker process. @defaultValue 2 */
  FINALIZER_CONCURRENCY: positiveInt(2),
  /** Solver worker threads per process (solving never blocks the event loop that renews job locks). @defaultValue the host's CPU cores */
  SOLVER_THREADS: positiveInt(cores),
  /**
   * Time a portfolio may take on the worker's own thread by the exact fast paths (the separable plan, the cash
   * and turnover searches) before it is handed to a solver thread with the full time limit; 0 hands every
   * portfolio over. The usual portfolio is proven in well under a millisecond, which the hand-off to a second
   * JavaScript engine (and its own warm-up) costs several times over. @defaultValue 20
   */
  SOLVER_INLINE_MS: nonNegativeInt(20),
  /** Time limit of one solve, enforced from outside the solver thread too (SPEC §5.1). @defaultValue 30000 */
  SOLVER_TIME_LIMIT_MS: positiveInt(30_000),
  /** Ticker and price look-ups of one portfolio in flight at once (SPEC §5.2 step 3). @defaultValue 16 */
  PRICE_CONCURRENCY: positiveInt(16),
  /** Lock time of an active job; a crashed worker's job is picked up by another one after it lapses. @defaultValue 30000 */
  JOB_LOCK_DURATION_MS: positiveInt(30_000),
  /** How often workers look for stalled jobs. @defaultValue 30000 */
  JOB_STALLED_INTERVAL_MS: positiveInt(30_000),
  /** Times a job may stall (its worker died) and still be recovered; then it fails. @defaultValue 2 */
  JOB_MAX_STALLED_COUNT: positiveInt(2),
  /** On SIGTERM/SIGINT, how long active jobs may take to finish before the process exits anyway. @defaultValue 25000 */
  SHUTDOWN_GRACE_MS: positiveInt(25_000),
  /** Port of the worker's /health and /metrics server; 0 picks a free port (printed at start). @defaultValue 9464 */
  WORKER_METRICS_PORT: port(9464),
  /** Interface of the worker's ops server. @defaultValue "0.0.0.0" */
  WORKER_METRICS_HOST: z.string().default("0.0.0.0"),
  /** How often queue depth by state and the oldest waiting job's age are sampled for /metrics. @defaultValue 15000 */
  QUEUE_METRICS_INTERVAL_MS: positiveInt(15_000),
  /** How often each worker's repair sweep checks unsettled rebalances and pending webhook deliveries against the queue. @defaultValue 30000 */
  REPAIR_INTERVAL_MS: positiveInt(30_000),
  /** Age from which the repair sweep checks a rebalance (since creation) or a pending delivery (since its last change); keep it well above the API's 5 s enqueue timeout. @defaultValue 60000 */
  REPAIR_AFTER_MS: positiveInt(60_000),
});
