// One delivery attempt: POST the stored body with Standard Webhooks headers through the guarded
// agents, within WEBHOOK_TIMEOUT_MS, never following redirects, and classify the result. node:http rather
// than fetch (no agent option) or got (buffers the body): we only need the status line, never the body.
// Each attempt is a CLIENT span and sends `traceparent`, so a receiver can join the rebalance's trace (SPEC §7).
import * as http from "node:http";
import * as https from "node:https";
import { performance } from "node:perf_hooks";
import { traceOutgoingRequest } from "@ogs/observability";
import { createAddressPolicy } from "./address-policy.js";
import { createGuardedAgents, WebhookTargetRefusedError } from "./guarded-agent.js";
import { resolveWithSystem, type ResolveHost } from "./resolve-host.js";
import { signWebhook } from "./signing.js";
import { formRefusal } from "./url-guard.js";

/** delivered: 2xx. retry: timeout, connection error, 429, 5xx. failed: anything else, never retried. */
export type AttemptOutcome = "delivered" | "retry" | "failed";

export interface AttemptResult {
  outcome: AttemptOutcome;
  /** When the attempt started. */
  at: Date;
  status_code?: number;
  error?: string;
  duration_ms: number;
}

export interface WebhookMessage {
  url: string;
  webhookId: string;
  /** The exact body; signed and sent as is. */
  payload: string;
  /** `whsec_…` secret of the destination. */
  secret: string;
}

export interface WebhookSenderOptions {
  /** Whole-attempt limit, connection included (`WEBHOOK_TIMEOUT_MS`). */
  timeoutMs: number;
  /** CIDRs exempt from the SSRF guard (`WEBHOOK_ALLOWED_CIDRS`). */
  allowedCidrs: readonly string[];
  /** @defaultValue the system resolver */
  resolveHost?: ResolveHost;
  /** @defaultValue "ogs-webhooks/1" */
  userAgent?: string;
}

export interface WebhookSender {
  send(message: WebhookMessage): Promise<AttemptResult>;
  /** Closes pooled sockets; call on shutdown. */
  close(): void;
}

class AttemptTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${timeoutMs} ms`);
    this.name = "AttemptTimeoutError";
  }
}

/** Status code → outcome: 429 and 5xx are the receiver asking us to come back; other codes are final. */
export function classifyStatus(status: number): AttemptOutcome {
  if (status >= 200 && status < 300) return "delivered";
  if (status === 429 || status >= 500) return "retry";
  return "failed";
}

function describeError(error: Error): { outcome: AttemptOutcome; error: string } {
  if (error instanceof WebhookTargetRefusedError) return { outcome: "failed", error: `refused: ${error.reason}` };
  if (error instanceof AttemptTimeoutError) return { outcome: "retry", error: error.message };
  const code = (error as NodeJS.ErrnoException).code;
  return {
    outcome: "retry",
    error: code === undefined || error.message.includes(code) ? error.message : `${code}: ${error.message}`,
  };
}

function statusError(response: http.IncomingMessage): string | undefined {
  const status = response.statusCode ?? 0;
  if (status >= 300 && status < 400)
    return `redirect not followed${response.headers.location ? ` (location ${response.headers.location})` : ""}`;
  if (status === 410) return "gone: the receiver asked us to stop";
  return undefined;
}

export function createWebhookSender({
  timeoutMs,
  allowedCidrs,
  resolveHost = resolveWithSystem,
  userAgent = "ogs-webhooks/1",
}: WebhookSenderOptions): WebhookSender {
  const policy = createAddressPolicy(allowedCidrs);
  const agents = createGuardedAgents(policy, resolveHost);

  function post(url: URL, headers: http.OutgoingHttpHeaders, body: string): Promise<http.IncomingMessage> {
    return new Promise((resolve, reject) => {
      const client = url.protocol === "https:" ? https : http;
      const request = client.request(url, {
        method: "POST",
        agent: url.protocol === "https:" ? agents.https : agents.http,
        headers,
      });
      const timer = setTimeout(() => request.destroy(new AttemptTimeoutError(timeoutMs)), timeoutMs);
      // `on`, not `once`: a socket error after the response must not become an uncaught event.
      request.on("error", (error) => (clearTimeout(timer), reject(error)));
      request.once("response", (response) => {
        clearTimeout(timer);
        // Drain (so the socket can be reused) but never buffer the body; a slow body is cut at the limit.
        const drainTimer = setTimeout(() => response.destroy(), timeoutMs);
        response.once("close", () => clearTimeout(drainTimer));
        response.resume();
        resolve(response);
      });
      request.end(body);
    });
  }

  async function attempt({ url: text, webhookId, payload, secret }: WebhookMessage): Promise<AttemptResult> {
    const at = new Date();
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const url = new URL(text);
    const form = formRefusal(url);
    if (form !== undefined) return { outcome: "failed", at, error: `refused: the URL ${form}`, duration_ms: elapsed() };
    const headers = {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(payload),
      "user-agent": userAgent,
      ...signWebhook(secret, webhookId, at, payload),
    };
    try {
      const response = await traceOutgoingRequest(
        { scope: "@ogs/webhooks", method: "POST", url, attributes: { "webhook.id": webhookId } },
        (traceHeaders) => post(url, { ...traceHeaders, ...headers }, payload),
        (answer) => ({ status: answer.statusCode ?? 0 }),
      );
      const status = response.statusCode ?? 0;
      const error = statusError(response);
      return {
        outcome: classifyStatus(status),
        at,
        status_code: status,
        ...(error === undefined ? {} : { error }),
        duration_ms: elapsed(),
      };
    } catch (error) {
      return { ...describeError(error as Error), at, duration_ms: elapsed() };
    }
  }

  return { send: attempt, close: () => agents.destroy() };
}
