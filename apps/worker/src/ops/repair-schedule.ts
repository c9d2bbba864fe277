// One repair sweep per REPAIR_INTERVAL_MS for the whole fleet: every worker upserts the same schedule. In the
// background and retried: Redis (or a cluster still forming) may not answer yet, and the workers need no
// schedule to take jobs. The returned function stops retrying (on shutdown).
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "@ogs/observability";
import { scheduleRepairSweeps, type RedisConnection } from "@ogs/queue";

/** Pause between attempts to set the schedule while Redis does not answer. */
const SCHEDULE_RETRY_MS = 5_000;

export function keepRepairsScheduled(options: {
  connection: RedisConnection;
  prefix: string;
  everyMs: number;
  logger: Logger;
}): () => void {
  const { logger, ...schedule } = options;
  const scheduling = new AbortController();
  void (async () => {
    for (let attempt = 1; !scheduling.signal.aborted; attempt++) {
      try {
        await scheduleRepairSweeps(schedule);
        return;
      } catch (error) {
        logger.warn({ err: error, attempt }, "could not set the repair sweep schedule; retrying in 5 s");
        await sleep(SCHEDULE_RETRY_MS, undefined, { signal: scheduling.signal }).catch(() => undefined);
      }
    }
  })();
  return () => scheduling.abort();
}
