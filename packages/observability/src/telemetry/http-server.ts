// A SERVER span for every HTTP request (SPEC §7), continuing the caller's W3C `traceparent` (the GlobeCo
// portal sends one with every call, its src/lib/telemetry-axios.ts). Framework-free: the API's Express
// middleware and the simulators' plain servers call it. The request and response emitters are bound to the
// span's context, so body reads, `finish` listeners and the request log line (pino mixin) run inside it.
import type { IncomingMessage, ServerResponse } from "node:http";
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { UNMATCHED_PATH } from "../http-metrics.js";
import { tracerFor } from "./state.js";

/**
 * Runs `handle` inside a SERVER span named `METHOD route` once the route is known (`route()` is asked when the
 * response ends; "unmatched" leaves the name `METHOD`). A 5xx, or a client gone before the answer, is an error.
 */
export function traceIncomingRequest(
  req: IncomingMessage,
  res: ServerResponse,
  route: () => string,
  handle: () => void,
): void {
  const method = (req.method ?? "GET").toUpperCase();
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const span = tracerFor("@ogs/http-server").startSpan(
    method,
    {
      kind: SpanKind.SERVER,
      attributes: {
        "http.request.method": method,
        "url.path": (req.url ?? "/").split("?")[0],
        "url.scheme": "http",
        "network.protocol.version": req.httpVersion,
        ...(req.headers["user-agent"] ? { "user_agent.original": req.headers["user-agent"] } : {}),
        ...(req.socket.remoteAddress ? { "client.address": req.socket.remoteAddress } : {}),
        ...(req.socket.localPort ? { "server.port": req.socket.localPort } : {}),
      },
    },
    parent,
  );
  const active = trace.setSpan(parent, span);
  context.bind(active, req);
  context.bind(active, res);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    const template = route();
    if (template !== UNMATCHED_PATH) {
      span.updateName(`${method} ${template}`);
      span.setAttribute("http.route", template);
    }
    if (res.writableFinished) {
      span.setAttribute("http.response.status_code", res.statusCode);
      if (res.statusCode >= 500) {
        span.setAttribute("error.type", String(res.statusCode));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
    } else {
      span.setAttribute("error.type", "aborted");
      span.setStatus({ code: SpanStatusCode.ERROR, message: "the connection closed before the answer was sent" });
    }
    span.end();
  };
  res.once("finish", end);
  res.once("close", end);
  context.with(active, handle);
}
