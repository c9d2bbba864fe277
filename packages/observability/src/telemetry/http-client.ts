// A CLIENT span for every outgoing HTTP request (SPEC §7): each GlobeCo call attempt and each webhook
// attempt. The caller adds the returned headers to its request, so the callee continues the trace
// (`traceparent`, W3C Trace Context). While tracing is off the call runs as is, with no headers.
import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes } from "@opentelemetry/api";
import { tracerFor, tracingEnabled } from "./state.js";

export interface OutgoingRequest {
  /** Instrumentation scope: `@ogs/clients`, `@ogs/webhooks`. */
  scope: string;
  method: string;
  url: URL;
  /** More attributes, e.g. the GlobeCo service's name or the webhook id. */
  attributes?: Attributes;
}

/** What came of the request: a status, or an error that stood in for one (timeout, refused connection). */
export interface OutgoingOutcome {
  status?: number;
  error?: string;
}

/**
 * Runs `send` in a CLIENT span named after the method, giving it the trace headers to send. `outcomeOf` reads
 * the result (a status ≥ 400 or an error marks the span failed); a thrown error is recorded and rethrown.
 */
export async function traceOutgoingRequest<T>(
  request: OutgoingRequest,
  send: (traceHeaders: Record<string, string>) => Promise<T>,
  outcomeOf: (result: T) => OutgoingOutcome,
): Promise<T> {
  if (!tracingEnabled()) return send({});
  const method = request.method.toUpperCase();
  const span = tracerFor(request.scope).startSpan(method, {
    kind: SpanKind.CLIENT,
    attributes: {
      "http.request.method": method,
      "url.full": `${request.url.origin}${request.url.pathname}`,
      "server.address": request.url.hostname,
      "server.port": Number(request.url.port || (request.url.protocol === "https:" ? 443 : 80)),
      ...request.attributes,
    },
  });
  const active = trace.setSpan(context.active(), span);
  const headers: Record<string, string> = {};
  propagation.inject(active, headers);
  try {
    const result = await context.with(active, () => send(headers));
    const { status, error } = outcomeOf(result);
    if (status !== undefined) span.setAttribute("http.response.status_code", status);
    if (error !== undefined || (status !== undefined && status >= 400)) {
      span.setAttribute("error.type", status !== undefined && status >= 400 ? String(status) : "error");
      span.setStatus({ code: SpanStatusCode.ERROR, ...(error === undefined ? {} : { message: error }) });
    }
    return result;
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    span.recordException(failure);
    span.setAttribute("error.type", failure.name);
    span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
    throw error;
  } finally {
    span.end();
  }
}
