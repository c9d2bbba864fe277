// `POST /webhook-endpoints/{id}/test`: one `webhook.test` event, sent at once and not retried, so
// the caller sees the receiver's answer in the response. A fresh id each time: every test is a new message.
import { randomUUID } from "node:crypto";
import { buildTestEvent } from "./events.js";
import type { AttemptResult, WebhookSender } from "./sender.js";

export interface TestEventResult extends AttemptResult {
  webhook_id: string;
}

export async function sendTestEvent(
  endpoint: { endpoint_id: string; url: string; secret: string },
  sender: Pick<WebhookSender, "send">,
  now: Date = new Date(),
): Promise<TestEventResult> {
  const webhookId = `msg_${randomUUID().replaceAll("-", "")}`;
  const payload = JSON.stringify(buildTestEvent(endpoint.endpoint_id, now));
  const result = await sender.send({ url: endpoint.url, webhookId, payload, secret: endpoint.secret });
  return { ...result, webhook_id: webhookId };
}
