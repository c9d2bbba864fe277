// One attempt against a real local receiver on loopback: outcome per answer, signature, timeout,
// redirects, and the connect-time SSRF refusal. Nothing is sent anywhere but 127.0.0.1.
import { afterEach, describe, expect, it } from "vitest";
import { startWebhookReceiver, type ReceiverOptions, type WebhookReceiver } from "@ogs/test-support";
import { createAddressPolicy } from "./address-policy.js";
import type { ResolveHost } from "./resolve-host.js";
import { createWebhookSender, type WebhookSender, type WebhookSenderOptions } from "./sender.js";
import { generateWebhookSecret } from "./signing.js";
import { checkWebhookUrl } from "./url-guard.js";

const secret = generateWebhookSecret();
const payload = JSON.stringify({
  type: "rebalance.completed",
  timestamp: "2025-01-01T00:00:00.000Z",
  data: { rebalance_id: "r1" },
});
const LOOPBACK = ["127.0.0.0/8"];

let receiver: WebhookReceiver | undefined;
let sender: WebhookSender | undefined;
afterEach(async () => {
  sender?.close();
  await receiver?.close();
  receiver = undefined;
  sender = undefined;
});

async function setUp(reply: ReceiverOptions["reply"], options: Partial<WebhookSenderOptions> = {}) {
  receiver = await startWebhookReceiver({ secret, ...(reply ? { reply } : {}) });
  sender = createWebhookSender({ timeoutMs: 2_000, allowedCidrs: LOOPBACK, ...options });
  return { receiver, sender };
}

const message = (url: string) => ({ url, webhookId: "msg_test1", payload, secret });

describe(createWebhookSender.name, () => {
  it("delivers on 2xx with headers the standardwebhooks verifier accepts, body byte for byte", async () => {
    const { receiver, sender } = await setUp(() => ({ status: 200 }));
    const result = await sender.send(message(`${receiver.url}/hook`));
    expect(result).toMatchObject({ outcome: "delivered", status_code: 200 });
    expect(result.error).toBeUndefined();
    expect(result.duration_ms).toBeGreaterThanOrEqual(0);
    const [request] = receiver.received;
    expect(request?.body).toBe(payload);
    expect(request?.verificationError).toBeUndefined();
    expect(request?.event).toEqual(JSON.parse(payload));
    expect(request?.headers).toMatchObject({ "webhook-id": "msg_test1", "content-type": "application/json" });
  });

  it.each([500, 503, 429])("asks for a retry when the receiver answers %i", async (status) => {
    const { receiver, sender } = await setUp(() => ({ status }));
    expect(await sender.send(message(`${receiver.url}/hook`))).toMatchObject({ outcome: "retry", status_code: status });
  });

  it.each([410, 400, 404])("fails at once when the receiver answers %i", async (status) => {
    const { receiver, sender } = await setUp(() => ({ status }));
    expect(await sender.send(message(`${receiver.url}/hook`))).toMatchObject({
      outcome: "failed",
      status_code: status,
    });
  });

  it("records a timeout for a receiver that never answers, and asks for a retry", async () => {
    const { receiver, sender } = await setUp(() => "hang", { timeoutMs: 300 });
    const result = await sender.send(message(`${receiver.url}/hook`));
    expect(result).toMatchObject({ outcome: "retry", error: "timed out after 300 ms" });
    expect(result.status_code).toBeUndefined();
    expect(result.duration_ms).toBeGreaterThanOrEqual(290);
    expect(result.duration_ms).toBeLessThan(2_000);
  });

  it("does not follow a redirect: one request, the target never reached, a failed outcome naming it", async () => {
    const { receiver, sender } = await setUp((request) =>
      request.path === "/hook" ? { status: 302, headers: { location: "/elsewhere" } } : { status: 200 },
    );
    const result = await sender.send(message(`${receiver.url}/hook`));
    expect(result).toMatchObject({
      outcome: "failed",
      status_code: 302,
      error: "redirect not followed (location /elsewhere)",
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.received.map((r) => r.path)).toEqual(["/hook"]);
  });

  it("asks for a retry when the receiver is down (connection refused)", async () => {
    const { receiver, sender } = await setUp(undefined);
    const url = `${receiver.url}/hook`;
    await receiver.close();
    const result = await sender.send(message(url));
    expect(result.outcome).toBe("retry");
    expect(result.error).toMatch(/ECONNREFUSED/);
  });

  it("refuses at connect time a hostname resolving to loopback when no CIDR allows it; nothing is sent", async () => {
    const { receiver, sender } = await setUp(() => ({ status: 200 }), { allowedCidrs: [] });
    const result = await sender.send(message(`http://localhost:${receiver.port}/hook`));
    expect(result.outcome).toBe("failed");
    expect(result.error).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address$/);
    expect(receiver.received).toHaveLength(0);
  });

  it("refuses a name that passed at submission but now resolves to loopback (DNS rebinding)", async () => {
    // The name's "public" answer is only ever looked up, never contacted.
    const answers = [["93.184.215.14"], ["127.0.0.1"]];
    const rebinding: ResolveHost = async () =>
      (answers.shift() ?? ["127.0.0.1"]).map((address) => ({ address, family: 4 }));
    const { receiver, sender } = await setUp(() => ({ status: 200 }), { allowedCidrs: [], resolveHost: rebinding });
    const url = `http://rebind.test:${receiver.port}/hook`;
    expect(await checkWebhookUrl(url, { policy: createAddressPolicy([]), resolveHost: rebinding })).toMatchObject({
      ok: true,
    });
    const result = await sender.send(message(url));
    expect(result).toMatchObject({
      outcome: "failed",
      error: "refused: rebind.test resolves to 127.0.0.1, a loopback address",
    });
    expect(receiver.received).toHaveLength(0);
  });

  it("refuses a literal loopback address at connect time without an allowed CIDR, and reaches it with one", async () => {
    const { receiver, sender } = await setUp(() => ({ status: 204 }), { allowedCidrs: [] });
    expect(await sender.send(message(`${receiver.url}/hook`))).toMatchObject({
      outcome: "failed",
      error: "refused: 127.0.0.1 is a loopback address",
    });
    expect(receiver.received).toHaveLength(0);
    const allowed = createWebhookSender({ timeoutMs: 2_000, allowedCidrs: LOOPBACK });
    try {
      expect(await allowed.send(message(`http://localhost:${receiver.port}/hook`))).toMatchObject({
        outcome: "delivered",
        status_code: 204,
      });
    } finally {
      allowed.close();
    }
  });

  it("applies the same connect-time refusal to https URLs, before any TLS handshake", async () => {
    const { receiver, sender } = await setUp(() => ({ status: 200 }), { allowedCidrs: [] });
    expect(await sender.send(message(`https://127.0.0.1:${receiver.port}/hook`))).toMatchObject({
      outcome: "failed",
      error: "refused: 127.0.0.1 is a loopback address",
    });
    const byName = await sender.send(message(`https://localhost:${receiver.port}/hook`));
    expect(byName.outcome).toBe("failed");
    expect(byName.error).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address$/);
    expect(receiver.received).toHaveLength(0);
  });

  it("refuses a URL with credentials or another scheme without connecting", async () => {
    const { receiver, sender } = await setUp(() => ({ status: 200 }));
    const withCredentials = await sender.send(message(`http://user:pw@127.0.0.1:${receiver.port}/hook`));
    expect(withCredentials).toMatchObject({
      outcome: "failed",
      error: "refused: the URL must not contain credentials",
    });
    expect(await sender.send(message(`ftp://127.0.0.1:${receiver.port}/`))).toMatchObject({
      outcome: "failed",
      error: "refused: the URL must use http or https, not ftp",
    });
    expect(receiver.received).toHaveLength(0);
  });

  it("signs each attempt with its own timestamp and the same webhook-id", async () => {
    const { receiver, sender } = await setUp(() => ({ status: 500 }));
    await sender.send(message(`${receiver.url}/hook`));
    await sender.send(message(`${receiver.url}/hook`));
    expect(receiver.received.map((r) => r.headers["webhook-id"])).toEqual(["msg_test1", "msg_test1"]);
    expect(receiver.received.every((r) => r.verificationError === undefined)).toBe(true);
  });
});
