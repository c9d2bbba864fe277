// One repair sweep per interval for the whole fleet: a BullMQ job scheduler on the maintenance queue adds one
// `repair-sweep` job every `everyMs`, and whichever worker takes it runs the sweep. Every worker upserts the
// same scheduler at start (same id, same interval: one schedule, not one per worker); a sweep that two workers
// ran at once would still be safe (the sweeps' writes are conditional and their job ids deterministic).
import { Queue } from "bullmq";
import { jobCatalog } from "./catalog.js";
import type { RedisConnection } from "./connection.js";

export const REPAIR_SCHEDULER_ID = "repair-sweep";

export async function scheduleRepairSweeps({
  connection,
  prefix,
  everyMs,
}: {
  connection: RedisConnection;
  prefix: string;
  everyMs: number;
}): Promise<void> {
  const definition = jobCatalog["repair-sweep"];
  const queue = new Queue(definition.queue, { connection, prefix });
  // A connection error also rejects the upsert below, which reports it; unheard, it would end the process.
  queue.on("error", () => undefined);
  try {
    await queue.upsertJobScheduler(
      REPAIR_SCHEDULER_ID,
      { every: everyMs },
      { name: "repair-sweep", data: {}, opts: definition.options },
    );
  } finally {
    await queue.close();
  }
}
