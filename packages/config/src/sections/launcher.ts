// The embedded fleet of `npm start` (SPEC §8, ARCHITECTURE "Embedded defaults").
import { z } from "zod";
import { nonNegativeInt, positiveInt } from "../fields.js";

export const launcherEnv = z.object({
  /** Where the embedded redis-server keeps its AOF files, so a restart keeps the queue; relative to the repository root. @defaultValue ".tmp" */
  LAUNCHER_DATA_DIR: z.string().min(1).default(".tmp"),
  /** Worker processes the launcher starts, each with its own metrics port; 0 = the API only. @defaultValue 2 */
  WORKERS: nonNegativeInt(2),
  /** When set, the launcher writes the fleet's URLs here as JSON once everything is up. */
  FLEET_URLS_FILE: z.string().min(1).optional(),
  /** Delay before `npm start` restarts a worker or the simulators that died on their own; it doubles with each restart of that child within LAUNCHER_RESTART_WINDOW_MS. @defaultValue 1000 */
  LAUNCHER_RESTART_DELAY_MS: positiveInt(1_000),
  /** Upper bound of that doubling delay. @defaultValue 30000 */
  LAUNCHER_RESTART_MAX_DELAY_MS: positiveInt(30_000),
  /** Restarts of one child allowed within LAUNCHER_RESTART_WINDOW_MS; when it dies once more, the launcher stops the fleet and exits 1 naming it. 0 = never restart (any death stops the fleet). @defaultValue 5 */
  LAUNCHER_RESTART_BUDGET: nonNegativeInt(5),
  /** The sliding window of LAUNCHER_RESTART_BUDGET and of the delay's doubling. @defaultValue 60000 */
  LAUNCHER_RESTART_WINDOW_MS: positiveInt(60_000),
  /**
   * Node.js flags the launcher gives each worker process, space-separated (e.g. `--cpu-prof --cpu-prof-dir=prof`
   * for `npm run profile:worker`, which NODE_OPTIONS refuses, or `--max-old-space-size=512`). @defaultValue none
   */
  LAUNCHER_WORKER_NODE_ARGS: z
    .string()
    .regex(/^(--[\w-]+(=\S+)?\s*)*$/, "expected Node.js flags such as --cpu-prof --cpu-prof-dir=prof")
    .default(""),
});
