// The demo's webhook receiver: a small HTTP server on 127.0.0.1 (the demo fleet allows
// 127.0.0.0/8 and signs callbacks with `secret`). Its URL goes in as `callback_url`; every request is
// verified with the `standardwebhooks` package, and the first verified event is printed.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export interface DemoWebhookReceiver {
  /** Passed as `callback_url` with the rebalance. */
  url: string;
  /** Resolves once the event has arrived and been verified and printed. */
  printEvent(): Promise<void>;
  close(): Promise<void>;
}

/** How long the demo waits for the event after the rebalance has finished. */
const WAIT_MS = 30_000;

interface Verified {
  headers: IncomingHttpHeaders;
  event: unknown;
}

function header(headers: IncomingHttpHeaders, name: string): string {
  return String(headers[name] ?? "");
}

export async function startDemoWebhookReceiver(secret: string): Promise<DemoWebhookReceiver | undefined> {
  const verifier = new Webhook(secret);
  let resolveFirst: (verified: Verified) => void = () => undefined;
  const first = new Promise<Verified>((resolve) => (resolveFirst = resolve));
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const names = ["webhook-id", "webhook-timestamp", "webhook-signature"] as const;
      try {
        const event = verifier.verify(
          body,
          Object.fromEntries(names.map((name) => [name, header(request.headers, name)])),
        );
        resolveFirst({ headers: request.headers, event });
        response.writeHead(204).end();
      } catch (error) {
        // A bad signature is the sender's problem to see: 400 is final, so it is not retried.
        response
          .writeHead(400, { "content-type": "text/plain" })
          .end(`signature does not verify: ${(error as Error).message}`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    async printEvent() {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), WAIT_MS)));
      const verified = await Promise.race([first, timeout]);
      clearTimeout(timer);
      if (verified === undefined) {
        process.stdout.write(
          `\nNo webhook arrived within ${WAIT_MS / 1000} s (see GET /api/v1/rebalance/{id}/deliveries).\n`,
        );
        return;
      }
      const { headers, event } = verified;
      process.stdout.write(
        [
          "",
          "Webhook received on the local receiver, signature verified with standardwebhooks:",
          `  webhook-id: ${header(headers, "webhook-id")}  webhook-timestamp: ${header(headers, "webhook-timestamp")}`,
          `  webhook-signature: ${header(headers, "webhook-signature")}`,
          ...JSON.stringify(event, null, 2)
            .split("\n")
            .map((line) => `  ${line}`),
          "",
        ].join("\n"),
      );
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
