// A local webhook receiver for tests (loopback only): records every request, verifies Standard Webhooks
// signatures with the `standardwebhooks` package, and answers as each test scripts it (status, redirect, hang).
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The verified event when a secret was given and the signature checks out; undefined otherwise. */
  event?: unknown;
  /** Why verification failed, when it did. */
  verificationError?: string;
}

/** What to do with the n-th request (1-based): answer a status (with headers), or never answer. */
export type ReceiverReply = { status: number; headers?: Record<string, string> } | "hang";

export interface WebhookReceiver {
  /** Base URL on 127.0.0.1, without trailing slash. */
  url: string;
  port: number;
  received: ReceivedWebhook[];
  /** Resolves when `count` requests have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

export interface ReceiverOptions {
  secret?: string;
  /** A fixed port on 127.0.0.1 (e.g. a receiver that is "down, then up" on the URL already submitted). @defaultValue a free port */
  port?: number;
  reply?: (request: ReceivedWebhook, n: number) => ReceiverReply;
}

/** Verifies a recorded request with `secret` (for receivers whose secret was only known after they started); throws if it does not verify. */
export function verifyReceived(secret: string, request: ReceivedWebhook): unknown {
  const { event, verificationError } = verify(secret, request.body, request.headers);
  if (verificationError !== undefined) throw new Error(`signature does not verify: ${verificationError}`);
  return event;
}

function verify(
  secret: string | undefined,
  body: string,
  headers: IncomingHttpHeaders,
): Pick<ReceivedWebhook, "event" | "verificationError"> {
  if (secret === undefined) return {};
  const pick = (name: string) => String(headers[name] ?? "");
  try {
    const event = new Webhook(secret).verify(body, {
      "webhook-id": pick("webhook-id"),
      "webhook-timestamp": pick("webhook-timestamp"),
      "webhook-signature": pick("webhook-signature"),
    });
    return { event };
  } catch (error) {
    return { verificationError: (error as Error).message };
  }
}

export async function startWebhookReceiver({
  secret,
  port: fixedPort = 0,
  reply = () => ({ status: 204 }),
}: ReceiverOptions = {}): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const entry: ReceivedWebhook = {
        path: request.url ?? "/",
        headers: request.headers,
        body,
        ...verify(secret, body, request.headers),
      };
      received.push(entry);
      for (const waiter of waiters.filter((w) => received.length >= w.count)) waiter.resolve();
      const answer = reply(entry, received.length);
      if (answer === "hang") {
        hanging.add(response);
        return;
      }
      response.writeHead(answer.status, answer.headers).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(fixedPort, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    waitFor(count, timeoutMs = 10_000) {
      if (received.length >= count) return Promise.resolve(received);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`receiver got ${received.length} of ${count} requests`)),
          timeoutMs,
        );
        waiters.push({ count, resolve: () => (clearTimeout(timer), resolve(received)) });
      });
    },
    close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
