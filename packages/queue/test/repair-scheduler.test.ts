// The repair sweep's schedule: every worker upserts it at start, and the fleet gets one schedule — one
// sweep per interval, however many workers there are.
import { afterAll, describe, expect, it } from "vitest";
import { Queue } from "bullmq";
import { createRedisConnection, QUEUE_NAMES, REPAIR_SCHEDULER_ID, scheduleRepairSweeps } from "@ogs/queue";
import { createTestContext } from "@ogs/test-support";

const ctx = createTestContext("repair_scheduler");
const connection = createRedisConnection({ url: ctx.redisUrl, role: "producer" });
const queue = new Queue(QUEUE_NAMES.maintenance, { connection, prefix: ctx.queuePrefix });

afterAll(async () => {
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
});

describe(scheduleRepairSweeps.name, () => {
  it("keeps one schedule when three workers upsert it, with the interval they give", async () => {
    await Promise.all(
      [1, 2, 3].map(() => scheduleRepairSweeps({ connection, prefix: ctx.queuePrefix, everyMs: 30_000 })),
    );
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers).toHaveLength(1);
    expect(schedulers[0]).toMatchObject({ key: REPAIR_SCHEDULER_ID, every: 30_000 });
    await scheduleRepairSweeps({ connection, prefix: ctx.queuePrefix, everyMs: 45_000 });
    expect(await queue.getJobSchedulers()).toEqual([expect.objectContaining({ every: 45_000 })]);
    // One sweep is queued for the interval, not one per worker.
    const counts = await queue.getJobCounts("delayed", "waiting");
    expect((counts.delayed ?? 0) + (counts.waiting ?? 0)).toBe(1);
  });
});
