// Webhook deliveries against the MongoDB-compatible server and a loopback receiver: idempotent
// creation, atomic attempt records, and deliverOnce deciding done / retry / give up from real answers.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ObjectId } from "mongodb";
import { createMetrics } from "@ogs/observability";
import { connectStore, type Store } from "@ogs/store";
import {
  createWebhookSender,
  deliverOnce,
  generateWebhookSecret,
  planDeliveries,
  type DeliverOnceDeps,
  type RebalanceOutcome,
  type WebhookSender,
} from "@ogs/webhooks";
import { createTestContext, startWebhookReceiver, type ReceiverReply, type WebhookReceiver } from "@ogs/test-support";

const ctx = createTestContext("webhooks_deliveries");
const serviceSecret = generateWebhookSecret();
const SCHEDULE = [0.05, 0.1];
let store: Store;
let sender: WebhookSender;
let receiver: WebhookReceiver | undefined;

beforeAll(async () => {
  store = connectStore({ url: ctx.mongoUrl, database: ctx.database });
  await store.ensureIndexes();
  sender = createWebhookSender({ timeoutMs: 2_000, allowedCidrs: ["127.0.0.0/8"] });
});
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});
afterAll(async () => {
  sender.close();
  // The MongoDB-compatible test server has no dropDatabase; empty the collections instead.
  for (const name of ["webhook_deliveries", "webhook_endpoints"]) await store.db.collection(name).deleteMany({});
  await store.close();
});

function outcome(status = "completed"): RebalanceOutcome {
  return {
    rebalance_id: new ObjectId().toHexString(),
    model_id: new ObjectId().toHexString(),
    status,
    progress: { queued: 0, running: 0, completed: 2, infeasible: 0, failed: 0, cancelled: 0 },
    completed_at: new Date(),
  };
}

function deps(overrides: Partial<Omit<DeliverOnceDeps, "metrics">> = {}) {
  return {
    deliveries: store.webhookDeliveries,
    endpoints: store.webhookEndpoints,
    sender,
    serviceSecret,
    retrySchedule: SCHEDULE,
    ...overrides,
    metrics: createMetrics("worker"),
  } satisfies DeliverOnceDeps;
}

async function callbackDelivery(url: string) {
  const [plan] = planDeliveries(outcome(), [], url);
  const { delivery } = await store.webhookDeliveries.createOnce(plan!);
  return delivery;
}

async function receive(script: (n: number) => ReceiverReply, secret = serviceSecret) {
  receiver = await startWebhookReceiver({ secret, reply: (_request, n) => script(n) });
  return receiver;
}

describe("webhookDeliveries store", () => {
  it("creates one delivery per webhook-id however often the finaliser plans it", async () => {
    const rebalance = outcome("failed");
    const [plan] = planDeliveries(rebalance, [], "http://127.0.0.1:9/cb");
    const results = await Promise.all([1, 2, 3].map(() => store.webhookDeliveries.createOnce(plan!)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.delivery.delivery_id)).size).toBe(1);
    const listed = await store.webhookDeliveries.listByRebalance(rebalance.rebalance_id);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      status: "pending",
      attempts: [],
      event_type: "rebalance.failed",
      destination: "http://127.0.0.1:9/cb",
      payload: plan!.payload,
    });
  });

  it("appends concurrent attempts atomically, none lost", async () => {
    const delivery = await callbackDelivery("http://127.0.0.1:9/cb");
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        store.webhookDeliveries.recordAttempt(
          delivery.delivery_id,
          { at: new Date(), status_code: 500 + i, duration_ms: i },
          "pending",
        ),
      ),
    );
    const stored = await store.webhookDeliveries.findById(delivery.delivery_id);
    expect(stored?.attempts.map((a) => a.status_code).sort()).toEqual(Array.from({ length: 10 }, (_, i) => 500 + i));
  });

  it("returns nothing for unknown or malformed ids", async () => {
    expect(await store.webhookDeliveries.findById("not-an-id")).toBeUndefined();
    expect(
      await store.webhookDeliveries.recordAttempt(
        new ObjectId().toHexString(),
        { at: new Date(), duration_ms: 1 },
        "failed",
      ),
    ).toBeUndefined();
    expect(await store.webhookEndpoints.findById("zz")).toBeUndefined();
    expect(await store.webhookEndpoints.remove(new ObjectId().toHexString())).toBe(false);
  });

  it("never turns delivered back into pending or failed when a slower concurrent run records its attempt later", async () => {
    const delivery = await callbackDelivery("http://127.0.0.1:9/twice");
    await store.webhookDeliveries.recordAttempt(
      delivery.delivery_id,
      { at: new Date(), status_code: 204, duration_ms: 5 },
      "delivered",
    );
    await store.webhookDeliveries.recordAttempt(
      delivery.delivery_id,
      { at: new Date(), status_code: 503, duration_ms: 7 },
      "pending",
    );
    const after = await store.webhookDeliveries.recordAttempt(
      delivery.delivery_id,
      { at: new Date(), error: "timeout", duration_ms: 9 },
      "failed",
    );
    expect(after?.status).toBe("delivered");
    expect(after?.attempts.map((a) => a.status_code ?? a.error)).toEqual([204, 503, "timeout"]);
  });

  it("fails a pending delivery whose job ended without a final attempt, but never one delivered or redelivered after the failure", async () => {
    const failure = (at: Date) => ({
      at,
      error: "The delivery job failed before a final attempt was recorded: job stalled more than allowable limit",
      duration_ms: 0,
    });
    const stuck = await callbackDelivery("http://127.0.0.1:9/stuck");
    const failedAt = new Date(Date.now() + 1_000);
    expect(await store.webhookDeliveries.failIfPending(stuck.delivery_id, failure(failedAt), failedAt)).toBe(true);
    const failed = await store.webhookDeliveries.findById(stuck.delivery_id);
    expect(failed).toMatchObject({
      status: "failed",
      attempts: [{ error: expect.stringMatching(/stalled more than allowable limit$/), duration_ms: 0 }],
    });
    // Already final: nothing changes.
    expect(await store.webhookDeliveries.failIfPending(stuck.delivery_id, failure(failedAt), failedAt)).toBe(false);

    // Redelivered after the old job failed: the old failure does not touch the new run.
    const redelivered = await callbackDelivery("http://127.0.0.1:9/redelivered");
    const oldFailure = new Date(Date.now() - 60_000);
    expect(await store.webhookDeliveries.failIfPending(redelivered.delivery_id, failure(oldFailure), oldFailure)).toBe(
      false,
    );
    expect((await store.webhookDeliveries.findById(redelivered.delivery_id))?.status).toBe("pending");
    expect(await store.webhookDeliveries.failIfPending("not-an-id", failure(failedAt), failedAt)).toBe(false);
  });
});

describe("webhookEndpoints store", () => {
  it("creates, lists newest first, gets and deletes subscriptions", async () => {
    const first = await store.webhookEndpoints.create({
      url: "https://a.example/hook",
      secret: generateWebhookSecret(),
    });
    const second = await store.webhookEndpoints.create({
      url: "https://b.example/hook",
      events: ["rebalance.failed"],
      description: "pager",
      secret: generateWebhookSecret(),
    });
    const page = await store.webhookEndpoints.list({ limit: 1 });
    expect(page.total).toBeGreaterThanOrEqual(2);
    expect(page.endpoints.map((e) => e.endpoint_id)).toEqual([second.endpoint_id]);
    expect(await store.webhookEndpoints.findById(second.endpoint_id)).toEqual(second);
    expect(first.events).toBeUndefined();
    expect(await store.webhookEndpoints.remove(first.endpoint_id)).toBe(true);
    expect(await store.webhookEndpoints.findById(first.endpoint_id)).toBeUndefined();
    await store.webhookEndpoints.remove(second.endpoint_id);
  });
});

describe("deliverOnce", () => {
  it("retries 500, 500 and delivers on the third attempt with the same webhook-id, three attempts recorded", async () => {
    const receiver = await receive((n) => ({ status: n <= 2 ? 500 : 200 }));
    const delivery = await callbackDelivery(`${receiver.url}/hook`);
    const d = deps();
    expect(await deliverOnce({ delivery_id: delivery.delivery_id, attempt: 1 }, d)).toEqual({
      action: "retry",
      delay_ms: 50,
      error: "HTTP 500",
    });
    expect(await deliverOnce({ delivery_id: delivery.delivery_id, attempt: 2 }, d)).toEqual({
      action: "retry",
      delay_ms: 100,
      error: "HTTP 500",
    });
    expect(await deliverOnce({ delivery_id: delivery.delivery_id, attempt: 3 }, d)).toEqual({
      action: "done",
      reason: "delivered",
    });
    const stored = await store.webhookDeliveries.findById(delivery.delivery_id);
    expect(stored?.status).toBe("delivered");
    expect(stored?.attempts.map((a) => a.status_code)).toEqual([500, 500, 200]);
    expect(new Set(receiver.received.map((r) => r.headers["webhook-id"]))).toEqual(new Set([delivery.webhook_id]));
    expect(receiver.received.every((r) => r.verificationError === undefined && r.body === delivery.payload)).toBe(true);
    const counted = (await d.metrics.webhookDeliveries.get()).values.map((v) => [v.labels.outcome, v.value]);
    expect(counted).toEqual(
      expect.arrayContaining([
        ["retrying", 2],
        ["delivered", 1],
      ]),
    );
    const timed = (await d.metrics.webhookAttemptDuration.get()).values.filter(
      (v) => v.metricName === "ogs_webhook_attempt_duration_seconds_count",
    );
    expect(timed.map((v) => [v.labels.outcome, v.value])).toEqual(
      expect.arrayContaining([
        ["retrying", 2],
        ["delivered", 1],
      ]),
    );
  });

  it("does not send again once delivered (a job retried after a crash)", async () => {
    const receiver = await receive(() => ({ status: 204 }));
    const delivery = await callbackDelivery(`${receiver.url}/hook`);
    await deliverOnce({ delivery_id: delivery.delivery_id, attempt: 1 }, deps());
    expect(await deliverOnce({ delivery_id: delivery.delivery_id, attempt: 2 }, deps())).toEqual({
      action: "done",
      reason: "already-delivered",
    });
    expect(receiver.received).toHaveLength(1);
  });

  it("gives up at once on 410 and records it as failed", async () => {
    const receiver = await receive(() => ({ status: 410 }));
    const delivery = await callbackDelivery(`${receiver.url}/hook`);
    expect(await deliverOnce({ delivery_id: delivery.delivery_id, attempt: 1 }, deps())).toEqual({
      action: "give-up",
      reason: "gone: the receiver asked us to stop",
    });
    expect(await store.webhookDeliveries.findById(delivery.delivery_id)).toMatchObject({
      status: "failed",
      attempts: [{ status_code: 410 }],
    });
  });

  it("gives up when the schedule is exhausted", async () => {
    const receiver = await receive(() => ({ status: 503 }));
    const delivery = await callbackDelivery(`${receiver.url}/hook`);
    for (const attempt of [1, 2]) await deliverOnce({ delivery_id: delivery.delivery_id, attempt }, deps());
    const last = await deliverOnce({ delivery_id: delivery.delivery_id, attempt: 3 }, deps());
    expect(last).toEqual({ action: "give-up", reason: "retries exhausted after 3 attempts; last: HTTP 503" });
    expect(await store.webhookDeliveries.findById(delivery.delivery_id)).toMatchObject({ status: "failed" });
    expect(receiver.received).toHaveLength(3);
  });

  it("records a timeout from a hanging receiver and schedules a retry", async () => {
    const receiver = await receive(() => "hang");
    const delivery = await callbackDelivery(`${receiver.url}/hook`);
    const slowSender = createWebhookSender({ timeoutMs: 200, allowedCidrs: ["127.0.0.0/8"] });
    try {
      expect(
        await deliverOnce({ delivery_id: delivery.delivery_id, attempt: 1 }, deps({ sender: slowSender })),
      ).toMatchObject({ action: "retry", error: "timed out after 200 ms" });
    } finally {
      slowSender.close();
    }
    const stored = await store.webhookDeliveries.findById(delivery.delivery_id);
    expect(stored).toMatchObject({ status: "pending", attempts: [{ error: "timed out after 200 ms" }] });
    expect(stored?.attempts[0]?.status_code).toBeUndefined();
  });

  it("signs a subscription's delivery with the endpoint's own secret", async () => {
    const endpointSecret = generateWebhookSecret();
    const receiver = await receive(() => ({ status: 200 }), endpointSecret);
    const endpoint = await store.webhookEndpoints.create({ url: `${receiver.url}/sub`, secret: endpointSecret });
    const [plan] = planDeliveries(outcome(), [endpoint]);
    const { delivery } = await store.webhookDeliveries.createOnce(plan!);
    expect(await deliverOnce({ delivery_id: delivery.delivery_id, attempt: 1 }, deps())).toEqual({
      action: "done",
      reason: "delivered",
    });
    expect(receiver.received[0]?.verificationError).toBeUndefined();
    expect(receiver.received[0]?.event).toMatchObject({
      type: "rebalance.completed",
      data: { rebalance_id: plan!.rebalance_id },
    });
    await store.webhookEndpoints.remove(endpoint.endpoint_id);
  });

  it("gives up without sending when the endpoint was deleted or no WEBHOOK_SECRET is configured", async () => {
    const receiver = await receive(() => ({ status: 200 }));
    const endpoint = await store.webhookEndpoints.create({
      url: `${receiver.url}/sub`,
      secret: generateWebhookSecret(),
    });
    const [plan] = planDeliveries(outcome(), [endpoint]);
    const { delivery } = await store.webhookDeliveries.createOnce(plan!);
    await store.webhookEndpoints.remove(endpoint.endpoint_id);
    expect(await deliverOnce({ delivery_id: delivery.delivery_id, attempt: 1 }, deps())).toEqual({
      action: "give-up",
      reason: `webhook endpoint ${endpoint.endpoint_id} was deleted`,
    });
    const callback = await callbackDelivery(`${receiver.url}/cb`);
    expect(
      await deliverOnce({ delivery_id: callback.delivery_id, attempt: 1 }, deps({ serviceSecret: undefined })),
    ).toMatchObject({ action: "give-up" });
    expect(await store.webhookDeliveries.findById(callback.delivery_id)).toMatchObject({
      status: "failed",
      attempts: [{ duration_ms: 0 }],
    });
    expect(receiver.received).toHaveLength(0);
  });

  it("redelivers with the same webhook-id after markPending", async () => {
    const receiver = await receive(() => ({ status: 200 }));
    const delivery = await callbackDelivery(`${receiver.url}/hook`);
    await deliverOnce({ delivery_id: delivery.delivery_id, attempt: 1 }, deps());
    expect(await store.webhookDeliveries.markPending(delivery.delivery_id)).toMatchObject({ status: "pending" });
    expect(await deliverOnce({ delivery_id: delivery.delivery_id, attempt: 1 }, deps())).toEqual({
      action: "done",
      reason: "delivered",
    });
    expect(receiver.received.map((r) => r.headers["webhook-id"])).toEqual([delivery.webhook_id, delivery.webhook_id]);
    expect((await store.webhookDeliveries.findById(delivery.delivery_id))?.attempts).toHaveLength(2);
  });

  it("gives up on a delivery that no longer exists", async () => {
    expect(await deliverOnce({ delivery_id: new ObjectId().toHexString(), attempt: 1 }, deps())).toMatchObject({
      action: "give-up",
    });
  });
});
