import { afterEach, describe, expect, it } from "vitest";
import { startWebhookReceiver, type WebhookReceiver } from "@ogs/test-support";
import { createWebhookSender } from "./sender.js";
import { sendTestEvent } from "./send-test-event.js";
import { generateWebhookSecret } from "./signing.js";

let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
});

describe(sendTestEvent.name, () => {
  it("sends a signed webhook.test event to the endpoint and reports the receiver's answer", async () => {
    const secret = generateWebhookSecret();
    receiver = await startWebhookReceiver({ secret, reply: () => ({ status: 202 }) });
    const sender = createWebhookSender({ timeoutMs: 2_000, allowedCidrs: ["127.0.0.0/8"] });
    try {
      const endpoint = { endpoint_id: "65a000000000000000000abc", url: `${receiver.url}/hook`, secret };
      const first = await sendTestEvent(endpoint, sender, new Date("2025-01-02T03:04:05.000Z"));
      const second = await sendTestEvent(endpoint, sender);
      expect(first).toMatchObject({ outcome: "delivered", status_code: 202 });
      expect(first.webhook_id).toMatch(/^msg_[0-9a-f]{32}$/);
      expect(second.webhook_id).not.toBe(first.webhook_id);
      expect(receiver.received[0]?.verificationError).toBeUndefined();
      expect(receiver.received[0]?.event).toEqual({
        type: "webhook.test",
        timestamp: "2025-01-02T03:04:05.000Z",
        data: { endpoint_id: endpoint.endpoint_id, message: "This is a test event from the Order Generation Service." },
      });
    } finally {
      sender.close();
    }
  });
});
