// Standard Webhooks signing with the maintained `standardwebhooks` package (SPEC §6): no hand-written HMAC.
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

/** Key length of generated secrets; the Standard Webhooks spec asks for 24 to 64 bytes. */
const SECRET_BYTES = 32;

export interface SignedHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

/** A fresh per-endpoint secret in the `whsec_` + base64 format receivers' libraries expect. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(SECRET_BYTES).toString("base64")}`;
}

/**
 * Signs `id.timestamp.body` with HMAC-SHA256 (`v1,<base64>`). The timestamp is the attempt's, not the
 * event's: receivers reject stale timestamps to stop replays, and a retry hours later must still verify.
 */
export function signWebhook(secret: string, webhookId: string, timestamp: Date, payload: string): SignedHeaders {
  const signature = new Webhook(secret).sign(webhookId, timestamp, payload);
  return {
    "webhook-id": webhookId,
    "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
    "webhook-signature": signature,
  };
}
