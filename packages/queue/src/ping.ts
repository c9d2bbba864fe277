// Readiness of the queue's Redis: a read of one of the queue's own keys, so on a cluster it reaches the
// master that holds the prefix's hash slot — a PING would answer from any node, even while that one is down.
import type { RedisConnection } from "./connection.js";
import { QUEUE_NAMES } from "./names.js";

export async function pingQueueRedis(connection: RedisConnection, prefix: string): Promise<void> {
  await connection.exists(`${prefix}:${QUEUE_NAMES.portfolios}:meta`);
}
