import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { generateWebhookSecret, signWebhook } from "./signing.js";

const body = JSON.stringify({
  type: "rebalance.completed",
  timestamp: "2025-01-01T00:00:00.000Z",
  data: { rebalance_id: "r1" },
});

describe(signWebhook.name, () => {
  it("produces headers that the standardwebhooks verifier accepts", () => {
    const secret = generateWebhookSecret();
    const headers = signWebhook(secret, "msg_abc", new Date(), body);
    expect(headers["webhook-id"]).toBe("msg_abc");
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+={0,2}$/);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it("puts the attempt time in webhook-timestamp as Unix seconds", () => {
    const headers = signWebhook(generateWebhookSecret(), "msg_abc", new Date("2025-06-01T12:00:00.900Z"), body);
    expect(headers["webhook-timestamp"]).toBe(String(Date.UTC(2025, 5, 1, 12) / 1000));
  });

  it("fails verification for a changed body, another secret or another id", () => {
    const secret = generateWebhookSecret();
    const headers = signWebhook(secret, "msg_abc", new Date(), body);
    expect(() => new Webhook(secret).verify(body.replace("r1", "r2"), { ...headers })).toThrow();
    expect(() => new Webhook(generateWebhookSecret()).verify(body, { ...headers })).toThrow();
    expect(() => new Webhook(secret).verify(body, { ...headers, "webhook-id": "msg_other" })).toThrow();
  });

  it("signs with a service-wide whsec_ secret given as configuration", () => {
    const secret = `whsec_${Buffer.alloc(32, 1).toString("base64")}`;
    const headers = signWebhook(secret, "msg_1", new Date(), body);
    expect(() => new Webhook(secret).verify(body, { ...headers })).not.toThrow();
  });
});

describe(generateWebhookSecret.name, () => {
  it("returns whsec_ with a fresh 32-byte base64 key", () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(secret.slice(6), "base64")).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(secret);
  });
});
