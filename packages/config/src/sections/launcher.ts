// The embedded fleet of `npm start` (SPEC §8, ARCHITECTURE "Embedded defaults").
import { z } from "zod";
import { nonNegativeInt } from "../fields.js";

export const launcherEnv = z.object({
  /** Where the embedded redis-server keeps its AOF files, so a restart keeps the queue; relative to the repository root. @defaultValue ".tmp" */
  LAUNCHER_DATA_DIR: z.string().min(1).default(".tmp"),
  /** Worker processes the launcher starts, each with its own metrics port; 0 = the API only. @defaultValue 2 */
  WORKERS: nonNegativeInt(2),
  /** When set, the launcher writes the fleet's URLs here as JSON once everything is up. */
  FLEET_URLS_FILE: z.string().min(1).optional(),
});
