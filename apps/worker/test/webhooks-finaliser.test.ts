// The finaliser's webhook follow-up (SPEC §5.4, §6) against the MongoDB-compatible server and
// Redis: a finaliser that runs twice creates one delivery per destination and enqueues one job for each,
// with the same event bytes (the timestamp is the stored completed_at, not the clock of the second run).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ObjectId } from "mongodb";
import { Queue } from "bullmq";
import { Dec } from "@ogs/domain";
import { createLogger } from "@ogs/observability";
import { createRedisConnection, createWebhookProducer, QUEUE_NAMES, webhookJobId } from "@ogs/queue";
import { connectStore, type Store } from "@ogs/store";
import { generateWebhookSecret } from "@ogs/webhooks";
import { createTestContext } from "@ogs/test-support";
import { createFinalizer } from "../src/processing/finalizer.js";
import { createRebalanceAnnouncer } from "../src/webhooks/announce.js";

const ctx = createTestContext("webhooks_finaliser");
let store: Store;
const connection = createRedisConnection({ url: ctx.redisUrl, role: "producer" });
const producer = createWebhookProducer({ connection, prefix: ctx.queuePrefix, retries: 3 });
const queue = new Queue(QUEUE_NAMES.webhooks, { connection, prefix: ctx.queuePrefix });

beforeAll(async () => {
  store = connectStore({ url: ctx.mongoUrl, database: ctx.database });
  await store.ensureIndexes();
});
afterAll(async () => {
  await queue.obliterate({ force: true });
  await queue.close();
  await producer.close();
  connection.disconnect();
  for (const name of [
    "rebalances",
    "rebalance_portfolios",
    "active_portfolios",
    "models",
    "webhook_deliveries",
    "webhook_endpoints",
  ])
    await store.db.collection(name).deleteMany({});
  await store.close();
});

describe("the finaliser's webhook deliveries", () => {
  it("creates and enqueues each delivery once when the finaliser runs twice", async () => {
    const endpoint = await store.webhookEndpoints.create({
      url: "http://127.0.0.1:9/sub",
      secret: generateWebhookSecret(),
    });
    await store.webhookEndpoints.create({
      url: "http://127.0.0.1:9/only-completed",
      events: ["rebalance.completed"],
      secret: generateWebhookSecret(),
    });
    const portfolioId = new ObjectId().toHexString();
    const { rebalance } = await store.rebalances.create({
      snapshot: {
        modelId: new ObjectId().toHexString(),
        modelName: "Hooks",
        modelVersion: 1,
        options: {},
        positions: [
          {
            securityId: "SEC000000000000000000001",
            target: new Dec("0.5"),
            highDrift: new Dec("0.02"),
            lowDrift: new Dec("0.01"),
          },
        ],
      },
      portfolioIds: [portfolioId],
      requestId: "req-hooks",
      callbackUrl: "http://127.0.0.1:9/callback",
    });
    const logger = createLogger({ service: "worker", level: "silent" });
    const finalizer = createFinalizer({
      store,
      onFinished: createRebalanceAnnouncer({
        endpoints: store.webhookEndpoints,
        deliveries: store.webhookDeliveries,
        producer,
        logger,
      }),
    });

    // No portfolio result was stored, so the rebalance fails: the subscription to completed events only gets nothing.
    const first = await finalizer.finalize(rebalance.id);
    expect(first?.status).toBe("failed");
    await new Promise((resolve) => setTimeout(resolve, 20));
    await finalizer.finalize(rebalance.id);

    const deliveries = await store.webhookDeliveries.listByRebalance(rebalance.id);
    expect(deliveries.map((d) => [d.destination, d.endpoint_id ?? null, d.event_type]).sort()).toEqual(
      [
        ["http://127.0.0.1:9/callback", null, "rebalance.failed"],
        ["http://127.0.0.1:9/sub", endpoint.endpoint_id, "rebalance.failed"],
      ].sort(),
    );
    const stored = await store.rebalances.get(rebalance.id);
    for (const delivery of deliveries)
      expect(JSON.parse(delivery.payload)).toMatchObject({
        type: "rebalance.failed",
        timestamp: stored!.completedAt!.toISOString(),
      });
    const jobs = await queue.getJobs(["waiting", "delayed", "active", "completed", "failed"]);
    expect(jobs.map((job) => job.id).sort()).toEqual(deliveries.map((d) => webhookJobId(d.delivery_id)).sort());
    expect(jobs.every((job) => job.opts.attempts === 4 && job.data.request_id === "req-hooks")).toBe(true);
  });
});
