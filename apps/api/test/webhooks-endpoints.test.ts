// Webhook subscriptions over HTTP: create (201 with the generated secret), list and read without
// the secret, read the secret, delete, the `webhook.test` event verified by a loopback receiver, basic auth
// when ADMIN_USER/ADMIN_PASSWORD are set, and the SSRF checks (422 naming the reason) on subscription URLs
// and on callback_url — refused unless WEBHOOK_ALLOWED_CIDRS covers them. Loopback addresses only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { generateWebhookSecret } from "@ogs/webhooks";
import { startWebhookReceiver, type WebhookReceiver } from "@ogs/test-support";
import { startApi, type ApiHandle } from "./support/api-process.js";
import { expectProblem, UNKNOWN_MODEL_ID } from "./support/fixtures.js";

interface EndpointWire {
  endpoint_id: string;
  url: string;
  events: string[] | null;
  description: string | null;
  created_at: string;
  secret?: string;
}

const SECRET = generateWebhookSecret();
const ADMIN = { ADMIN_USER: "ops", ADMIN_PASSWORD: "s3cret-pass" };
const basic = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`,
});

/** The SSRF catalogue (SPEC §6): each URL with what its refusal must name. */
const REFUSED = [
  { url: "ftp://127.0.0.1/hook", reason: /must use http or https, not ftp/, coveredByLoopback: false },
  { url: "http://[::1]/hook", reason: /::1.*loopback/, coveredByLoopback: true },
  { url: "http://0.0.0.0/hook", reason: /0\.0\.0\.0.*unspecified/, coveredByLoopback: false },
  { url: "http://2130706433/hook", reason: /127\.0\.0\.1.*loopback/, coveredByLoopback: true },
  { url: "http://0x7f.1/hook", reason: /127\.0\.0\.1.*loopback/, coveredByLoopback: true },
  { url: "http://[::ffff:127.0.0.1]/hook", reason: /IPv4-mapped form of a loopback/, coveredByLoopback: true },
  { url: "http://user:pw@127.0.0.1/hook", reason: /must not contain credentials/, coveredByLoopback: false },
  { url: "http://localhost/hook", reason: /localhost, which resolves to .*loopback/, coveredByLoopback: true },
];

let strict: ApiHandle;
let loopback: ApiHandle;
let admin: ApiHandle;
let receiver: WebhookReceiver;

beforeAll(async () => {
  [strict, loopback, admin] = await Promise.all([
    startApi("webhooks_endpoints_strict", { WEBHOOK_SECRET: SECRET }),
    startApi("webhooks_endpoints_loopback", { WEBHOOK_SECRET: SECRET, WEBHOOK_ALLOWED_CIDRS: "127.0.0.0/8,::1/128" }),
    startApi("webhooks_endpoints_admin", { WEBHOOK_SECRET: SECRET, WEBHOOK_ALLOWED_CIDRS: "127.0.0.0/8", ...ADMIN }),
  ]);
});
afterAll(async () => {
  await receiver?.close();
  await Promise.all([strict?.stop(), loopback?.stop(), admin?.stop()]);
});

describe("webhook endpoints", () => {
  it("creates a subscription with its own whsec_ secret, and shows the secret only on creation and at /secret", async () => {
    const created = await loopback.request<EndpointWire>("POST", "/api/v1/webhook-endpoints", {
      body: { url: "http://127.0.0.1:9/a", events: ["rebalance.failed"], description: "ops pager" },
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
    expect(created.headers.get("location")).toBe(`/api/v1/webhook-endpoints/${created.body.endpoint_id}`);
    expect(created.body).toMatchObject({
      url: "http://127.0.0.1:9/a",
      events: ["rebalance.failed"],
      description: "ops pager",
    });

    const one = await loopback.request<EndpointWire>("GET", `/api/v1/webhook-endpoints/${created.body.endpoint_id}`);
    expect(one.status).toBe(200);
    expect(one.body).not.toHaveProperty("secret");
    const list = await loopback.request<EndpointWire[]>("GET", "/api/v1/webhook-endpoints");
    expect(list.body.find((e) => e.endpoint_id === created.body.endpoint_id)).toMatchObject({
      url: "http://127.0.0.1:9/a",
    });
    expect(list.body.every((e) => !("secret" in e))).toBe(true);
    expect(Number(list.headers.get("x-total-count"))).toBeGreaterThanOrEqual(1);
    const secret = await loopback.request<{ secret: string }>(
      "GET",
      `/api/v1/webhook-endpoints/${created.body.endpoint_id}/secret`,
    );
    expect(secret.body.secret).toBe(created.body.secret);
  });

  it("subscribes to every event when events is left out", async () => {
    const created = await loopback.request<EndpointWire>("POST", "/api/v1/webhook-endpoints", {
      body: { url: "http://127.0.0.1:9/all" },
    });
    expect(created.status).toBe(201);
    expect(created.body.events).toBeNull();
  });

  it("rejects an unknown event type and unknown fields with 400", async () => {
    expectProblem(
      await loopback.request("POST", "/api/v1/webhook-endpoints", {
        body: { url: "http://127.0.0.1:9/x", events: ["rebalance.started"] },
      }),
      400,
    );
    expectProblem(
      await loopback.request("POST", "/api/v1/webhook-endpoints", {
        body: { url: "http://127.0.0.1:9/x", secret: "mine" },
      }),
      400,
    );
  });

  it("deletes a subscription; it is then 404", async () => {
    const created = await loopback.request<EndpointWire>("POST", "/api/v1/webhook-endpoints", {
      body: { url: "http://127.0.0.1:9/gone" },
    });
    expect((await loopback.request("DELETE", `/api/v1/webhook-endpoints/${created.body.endpoint_id}`)).status).toBe(
      204,
    );
    expectProblem(await loopback.request("GET", `/api/v1/webhook-endpoints/${created.body.endpoint_id}`), 404);
    expectProblem(await loopback.request("DELETE", `/api/v1/webhook-endpoints/${created.body.endpoint_id}`), 404);
  });

  it("sends a webhook.test event that the receiver verifies with the endpoint's secret", async () => {
    receiver = await startWebhookReceiver();
    const endpoint = await loopback.request<EndpointWire & { secret: string }>("POST", "/api/v1/webhook-endpoints", {
      body: { url: `${receiver.url}/test` },
    });
    const result = await loopback.request<{ webhook_id: string; outcome: string; status_code?: number }>(
      "POST",
      `/api/v1/webhook-endpoints/${endpoint.body.endpoint_id}/test`,
    );
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ outcome: "delivered", status_code: 204 });
    const [request] = await receiver.waitFor(1);
    const pick = (name: string) => String(request!.headers[name]);
    const event = new Webhook(endpoint.body.secret).verify(request!.body, {
      "webhook-id": pick("webhook-id"),
      "webhook-timestamp": pick("webhook-timestamp"),
      "webhook-signature": pick("webhook-signature"),
    });
    expect(event).toMatchObject({ type: "webhook.test", data: { endpoint_id: endpoint.body.endpoint_id } });
    expect(pick("webhook-id")).toBe(result.body.webhook_id);
  });

  it("answers 404 for the deliveries of an unknown rebalance and for redelivering an unknown delivery", async () => {
    expectProblem(await loopback.request("GET", "/api/v1/rebalance/0123456789abcdef01234567/deliveries"), 404);
    expectProblem(await loopback.request("POST", "/api/v1/webhook-deliveries/0123456789abcdef01234567/redeliver"), 404);
    expectProblem(
      await loopback.request("POST", "/api/v1/webhook-deliveries/0123456789abcdef01234567/redeliver", { body: {} }),
      404,
    );
  });

  it.each([
    ["redelivery", "/api/v1/webhook-deliveries/0123456789abcdef01234567/redeliver"],
    ["test event", "/api/v1/webhook-endpoints/0123456789abcdef01234567/test"],
  ])("refuses unknown keys in the body of a %s with 400, like every other route", async (_label, path) => {
    const problem = expectProblem(await loopback.request("POST", path, { body: { a: 1 } }), 400);
    expect(problem.errors).toEqual([{ field: "a", message: 'unknown field "a"' }]);
    expectProblem(await loopback.request("POST", path, { body: [] }), 400);
  });
});

describe("admin credentials", () => {
  it("requires ADMIN_USER/ADMIN_PASSWORD for subscriptions and redelivery when they are set", async () => {
    const anonymous = expectProblem(
      await admin.request("POST", "/api/v1/webhook-endpoints", { body: { url: "http://127.0.0.1:9/a" } }),
      401,
    );
    expect(anonymous.detail).toMatch(/basic auth/);
    expectProblem(await admin.request("GET", "/api/v1/webhook-endpoints", { headers: basic("ops", "wrong") }), 401);
    expectProblem(await admin.request("POST", "/api/v1/webhook-deliveries/0123456789abcdef01234567/redeliver"), 401);
    const created = await admin.request<EndpointWire>("POST", "/api/v1/webhook-endpoints", {
      body: { url: "http://127.0.0.1:9/a" },
      headers: basic(ADMIN.ADMIN_USER, ADMIN.ADMIN_PASSWORD),
    });
    expect(created.status).toBe(201);
  });
});

describe("SSRF protection", () => {
  it.each(REFUSED)("refuses a subscription to $url with 422 naming the reason", async ({ url, reason }) => {
    const problem = expectProblem(await strict.request("POST", "/api/v1/webhook-endpoints", { body: { url } }), 422);
    expect(problem.rule).toBe("webhook-url-not-allowed");
    expect(problem.detail).toMatch(reason);
  });

  it.each(REFUSED)("refuses callback_url $url with 422 naming the reason", async ({ url, reason }) => {
    const problem = expectProblem(
      await strict.request("POST", `/api/v1/model/${UNKNOWN_MODEL_ID}/rebalance`, { body: { callback_url: url } }),
      422,
    );
    expect(problem.detail).toMatch(reason);
  });

  it.each(REFUSED)(
    "with WEBHOOK_ALLOWED_CIDRS=127.0.0.0/8,::1/128, $url is allowed only when its address is covered",
    async ({ url, reason, coveredByLoopback }) => {
      const response = await loopback.request<EndpointWire>("POST", "/api/v1/webhook-endpoints", { body: { url } });
      if (coveredByLoopback) {
        expect(response.status, JSON.stringify(response.body)).toBe(201);
      } else {
        expect(expectProblem(response, 422).detail).toMatch(reason);
      }
    },
  );
});
