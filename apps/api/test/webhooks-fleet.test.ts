// Webhook delivery over the real fleet: the built API, two built worker processes,
// the simulators, Redis and the MongoDB-compatible server; loopback receivers verify every signature with
// `standardwebhooks`. Retries run on a scaled-down WEBHOOK_RETRY_SCHEDULE; WEBHOOK_TIMEOUT_MS is 3 s so a
// hanging receiver is visibly hanging while another rebalance runs.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { generateWebhookSecret } from "@ogs/webhooks";
import {
  findFreePort,
  startWorker,
  startWebhookReceiver,
  verifyReceived,
  type ReceiverReply,
  type WebhookReceiver,
} from "@ogs/test-support";
import type { ModelWire } from "./support/fixtures.js";
import {
  createRebalanceModel,
  port,
  startFleet,
  waitForRebalance,
  type AcceptedWire,
  type Fleet,
} from "./support/rebalance-fleet.js";

interface DeliveryWire {
  delivery_id: string;
  destination: string;
  endpoint_id: string | null;
  event_type: string;
  webhook_id: string;
  status: "pending" | "delivered" | "failed";
  attempts: Array<{ at: string; status_code?: number; error?: string; duration_ms: number }>;
}

const SECRET = generateWebhookSecret();
const TIMEOUT_MS = 3_000;
const WEBHOOKS = {
  WEBHOOK_SECRET: SECRET,
  WEBHOOK_ALLOWED_CIDRS: "127.0.0.0/8",
  WEBHOOK_RETRY_SCHEDULE: "0.2,0.2,0.5,1,2",
  WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS),
};
// Quick stall detection for the SIGKILL case: a dead worker's delivery job is recovered after ~2 s.
const WORKER_ENV = { ...WEBHOOKS, JOB_LOCK_DURATION_MS: "2000", JOB_STALLED_INTERVAL_MS: "1000" };

let fleet: Fleet;
let model: ModelWire;
let other: ModelWire;
const receivers: WebhookReceiver[] = [];

beforeAll(async () => {
  fleet = await startFleet("webhooks_fleet", WORKER_ENV, WEBHOOKS);
  model = await createRebalanceModel(fleet.api, [port(1)]);
  other = await createRebalanceModel(fleet.api, [port(3)]);
});
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
afterAll(async () => {
  await fleet?.stop();
});

async function receiver(reply?: (n: number) => ReceiverReply, fixedPort?: number): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver({
    secret: SECRET,
    ...(fixedPort === undefined ? {} : { port: fixedPort }),
    ...(reply ? { reply: (_request, n) => reply(n) } : {}),
  });
  receivers.push(started);
  return started;
}

async function submit(on: ModelWire, callbackUrl?: string): Promise<string> {
  const response = await fleet.api.request<AcceptedWire>(
    "POST",
    `/api/v1/model/${on.model_id}/rebalance`,
    callbackUrl ? { body: { callback_url: callbackUrl } } : { headers: { prefer: "respond-async" } },
  );
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  return response.body.rebalance_id;
}

async function deliveries(rebalanceId: string): Promise<DeliveryWire[]> {
  const response = await fleet.api.request<DeliveryWire[]>("GET", `/api/v1/rebalance/${rebalanceId}/deliveries`);
  expect(response.status).toBe(200);
  return response.body;
}

/** Polls the rebalance's deliveries until `done` holds for them. */
async function deliveriesWhen(
  rebalanceId: string,
  done: (list: DeliveryWire[]) => boolean,
  timeoutMs = 20_000,
): Promise<DeliveryWire[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await deliveries(rebalanceId);
    if (done(list)) return list;
    if (Date.now() > deadline) throw new Error(`deliveries of ${rebalanceId} not as expected: ${JSON.stringify(list)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("delivery through the fleet", () => {
  it("delivers a signed event to the per-request callback and to a subscription, each verified", async () => {
    const callback = await receiver();
    const subscriber = await receiver();
    const endpoint = await fleet.api.request<{ endpoint_id: string; secret: string }>(
      "POST",
      "/api/v1/webhook-endpoints",
      { body: { url: `${subscriber.url}/sub`, events: ["rebalance.completed"] } },
    );
    expect(endpoint.status).toBe(201);
    try {
      const rebalanceId = await submit(model, `${callback.url}/cb`);
      const [fromCallback] = await callback.waitFor(1, 30_000);
      const [fromSubscription] = await subscriber.waitFor(1, 30_000);
      expect(fromCallback!.verificationError).toBeUndefined();
      expect(fromCallback!.event).toMatchObject({
        type: "rebalance.completed",
        data: { rebalance_id: rebalanceId, model_id: model.model_id, status: "completed" },
      });
      // The subscription signs with its own secret, not the service's.
      expect(verifyReceived(endpoint.body.secret, fromSubscription!)).toMatchObject({
        type: "rebalance.completed",
        data: { rebalance_id: rebalanceId },
      });
      const finished = await waitForRebalance(fleet.api, rebalanceId);
      expect((fromCallback!.event as { timestamp: string }).timestamp).toBe(finished.completed_at);
      const list = await deliveriesWhen(rebalanceId, (l) => l.length === 2 && l.every((d) => d.status === "delivered"));
      expect(list.map((d) => d.webhook_id).sort()).toEqual(
        [fromCallback!.headers["webhook-id"], fromSubscription!.headers["webhook-id"]].sort(),
      );
      expect(list.find((d) => d.endpoint_id === endpoint.body.endpoint_id)).toMatchObject({
        destination: `${subscriber.url}/sub`,
        attempts: [{ status_code: 204 }],
      });
      expect(list.find((d) => d.endpoint_id === null)).toMatchObject({
        destination: `${callback.url}/cb`,
        event_type: "rebalance.completed",
        attempts: [{ status_code: 204 }],
      });
    } finally {
      await fleet.api.request("DELETE", `/api/v1/webhook-endpoints/${endpoint.body.endpoint_id}`);
    }
  });

  it("retries a receiver that answers 500 twice and delivers on the third attempt with the same webhook-id", async () => {
    const flaky = await receiver((n) => ({ status: n <= 2 ? 500 : 200 }));
    const rebalanceId = await submit(model, `${flaky.url}/flaky`);
    const requests = await flaky.waitFor(3, 30_000);
    expect(new Set(requests.map((r) => r.headers["webhook-id"])).size).toBe(1);
    expect(requests.every((r) => r.verificationError === undefined)).toBe(true);
    const [delivery] = await deliveriesWhen(rebalanceId, (l) => l[0]?.status === "delivered");
    expect(delivery!.attempts.map((a) => a.status_code)).toEqual([500, 500, 200]);
    expect(delivery!.webhook_id).toBe(requests[0]!.headers["webhook-id"]);
  });

  it("delivers later to a receiver that was down and came up", async () => {
    const freePort = await findFreePort();
    const rebalanceId = await submit(model, `http://127.0.0.1:${freePort}/late`);
    const [failed] = await deliveriesWhen(rebalanceId, (l) => (l[0]?.attempts.length ?? 0) >= 1);
    expect(failed!.attempts[0]).toMatchObject({ error: expect.stringMatching(/ECONNREFUSED/) });
    expect(failed!.attempts[0]).not.toHaveProperty("status_code");
    const late = await receiver(undefined, freePort);
    const [request] = await late.waitFor(1, 30_000);
    expect(request!.verificationError).toBeUndefined();
    const [delivery] = await deliveriesWhen(rebalanceId, (l) => l[0]?.status === "delivered");
    expect(delivery!.attempts.at(-1)).toMatchObject({ status_code: 204 });
  });

  it("records a hanging receiver's timeout and retries it, while another rebalance completes meanwhile", async () => {
    const hanging = await receiver((n) => (n === 1 ? "hang" : { status: 204 }));
    const rebalanceId = await submit(model, `${hanging.url}/hang`);
    await hanging.waitFor(1, 30_000);
    // The receiver holds one delivery slot now; solving must not wait for it.
    const startedAt = Date.now();
    const concurrent = await waitForRebalance(fleet.api, await submit(other));
    const concurrentMs = Date.now() - startedAt;
    expect(concurrent.status).toBe("completed");
    const [delivery] = await deliveriesWhen(rebalanceId, (l) => l[0]?.status === "delivered");
    const [timedOut, second] = delivery!.attempts;
    expect(timedOut).toMatchObject({ error: `timed out after ${TIMEOUT_MS} ms` });
    expect(timedOut!.duration_ms).toBeGreaterThanOrEqual(TIMEOUT_MS);
    expect(second).toMatchObject({ status_code: 204 });
    // The other rebalance finished while the first attempt was still hanging.
    expect(Date.parse(concurrent.completed_at!)).toBeLessThan(Date.parse(timedOut!.at) + timedOut!.duration_ms);
    expect(concurrentMs).toBeLessThan(TIMEOUT_MS);
  });

  it("stops at once when the receiver answers 410 Gone", async () => {
    const gone = await receiver(() => ({ status: 410 }));
    const rebalanceId = await submit(model, `${gone.url}/gone`);
    const [delivery] = await deliveriesWhen(rebalanceId, (l) => l[0]?.status === "failed");
    expect(delivery!.attempts).toHaveLength(1);
    expect(delivery!.attempts[0]).toMatchObject({ status_code: 410, error: expect.stringMatching(/gone/) });
    // Longer than the first two scheduled retries: nothing else arrives.
    await sleep(1_500);
    expect(gone.received).toHaveLength(1);
  });

  it("redelivers a delivered event with the same webhook-id", async () => {
    const sink = await receiver();
    const rebalanceId = await submit(model, `${sink.url}/again`);
    const [first] = await sink.waitFor(1, 30_000);
    const [delivered] = await deliveriesWhen(rebalanceId, (l) => l[0]?.status === "delivered");
    const redeliver = await fleet.api.request<DeliveryWire>(
      "POST",
      `/api/v1/webhook-deliveries/${delivered!.delivery_id}/redeliver`,
    );
    expect(redeliver.status).toBe(202);
    expect(redeliver.body).toMatchObject({
      delivery_id: delivered!.delivery_id,
      status: "pending",
      webhook_id: delivered!.webhook_id,
    });
    const requests = await sink.waitFor(2, 30_000);
    expect(requests[1]!.headers["webhook-id"]).toBe(first!.headers["webhook-id"]);
    expect(requests[1]!.body).toBe(first!.body);
    expect(requests[1]!.verificationError).toBeUndefined();
    const [again] = await deliveriesWhen(
      rebalanceId,
      (l) => l[0]?.status === "delivered" && l[0].attempts.length === 2,
    );
    expect(again!.webhook_id).toBe(delivered!.webhook_id);
  });

  it("deletes a finished rebalance's delivery records with the rebalance", async () => {
    const sink = await receiver();
    const rebalanceId = await submit(model, `${sink.url}/deleted`);
    await sink.waitFor(1, 30_000);
    const [delivered] = await deliveriesWhen(rebalanceId, (l) => l[0]?.status === "delivered");
    const finished = await waitForRebalance(fleet.api, rebalanceId);
    expect(
      (await fleet.api.request("DELETE", `/api/v1/rebalance/${rebalanceId}?version=${finished.version}`)).status,
    ).toBe(204);
    expect(
      (await fleet.api.request("POST", `/api/v1/webhook-deliveries/${delivered!.delivery_id}/redeliver`)).status,
    ).toBe(404);
  });

  it("still delivers an event whose worker was killed (SIGKILL) during the delivery, duplicates only with the same webhook-id", async () => {
    const slow = await receiver((n) => (n === 1 ? "hang" : { status: 204 }));
    const rebalanceId = await submit(model, `${slow.url}/killed`);
    await slow.waitFor(1, 30_000);
    // Whichever worker holds the delivery, it dies mid-request; a fresh worker recovers the stalled job.
    for (const worker of fleet.workers) worker.child.process.kill("SIGKILL");
    const target = { ...fleet.api.ctx, simulators: fleet.simulators.urls };
    fleet.workers.push(await startWorker(target, WORKER_ENV));
    const requests = await slow.waitFor(2, 30_000);
    expect(new Set(requests.map((r) => r.headers["webhook-id"])).size).toBe(1);
    expect(requests.every((r) => r.verificationError === undefined)).toBe(true);
    const [delivery] = await deliveriesWhen(rebalanceId, (l) => l[0]?.status === "delivered");
    expect(delivery!.attempts.at(-1)).toMatchObject({ status_code: 204 });
  });

  it("fails, not leaves pending, a delivery whose job stalled more than JOB_MAX_STALLED_COUNT times, naming the reason", async () => {
    const black = await receiver(() => "hang");
    const rebalanceId = await submit(model, `${black.url}/stalls`);
    const target = { ...fleet.api.ctx, simulators: fleet.simulators.urls };
    // Each worker that holds the delivery dies mid-request; with JOB_MAX_STALLED_COUNT=1 the second stall fails the job.
    for (let kills = 1; kills <= 2; kills += 1) {
      await black.waitFor(kills, 30_000);
      for (const worker of fleet.workers) worker.child.process.kill("SIGKILL");
      fleet.workers.push(await startWorker(target, { ...WORKER_ENV, JOB_MAX_STALLED_COUNT: "1" }));
    }
    const [delivery] = await deliveriesWhen(rebalanceId, (l) => l[0]?.status === "failed", 30_000);
    expect(delivery!.attempts.at(-1)!.error).toMatch(
      /^The delivery job failed before a final attempt was recorded: .*stalled more than allowable limit/,
    );
    expect(black.received).toHaveLength(2);
    const metrics = await (await fetch(`${fleet.workers.at(-1)!.url}/metrics`)).text();
    expect(metrics).toMatch(/ogs_webhook_deliveries_total\{[^}]*outcome="failed"[^}]*\} 1\n/);
  });
});
