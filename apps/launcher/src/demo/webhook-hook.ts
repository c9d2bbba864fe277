// ── Webhook hook (issue 7) ─────────────────────────────────────────────────────────────────────────
// The demo asks this module for a local webhook receiver. Issue 7 (webhook delivery) fills it in: start
// a receiver on 127.0.0.1 (the demo fleet allows 127.0.0.0/8 and signs with `secret`), return its URL so
// the demo passes it as `callback_url`, and print the verified Standard Webhooks event when it arrives.
// Until then there is no receiver and the demo submits without a callback.
export interface DemoWebhookReceiver {
  /** Passed as `callback_url` with the rebalance. */
  url: string;
  /** Resolves once the event has arrived and been verified and printed. */
  printEvent(): Promise<void>;
  close(): Promise<void>;
}

export async function startDemoWebhookReceiver(secret: string): Promise<DemoWebhookReceiver | undefined> {
  void secret;
  return undefined;
}
