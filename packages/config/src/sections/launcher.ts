// The embedded fleet of `npm start` (SPEC §8, ARCHITECTURE "Embedded defaults").
import { z } from "zod";

export const launcherEnv = z.object({
  /** Where the embedded redis-server keeps its AOF files, so a restart keeps the queue; relative to the repository root. @defaultValue ".tmp" */
  LAUNCHER_DATA_DIR: z.string().min(1).default(".tmp"),
});
