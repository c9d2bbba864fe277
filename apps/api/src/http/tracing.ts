// Every API request in a SERVER span (SPEC §7) that continues the caller's `traceparent` — the GlobeCo
// portal sends one — named by its route template once routing has matched it (`POST /api/v1/model/{model_id}/rebalance`).
// Installed first, so every later middleware, the handler and the request log line run inside the span.
// Probes and scrapes are not traced (nor logged, request-context.ts): every few seconds, they would bury the
// traces that matter.
import { traceIncomingRequest } from "@ogs/observability";
import type { RequestHandler } from "express";
import { standardPath, templateOf } from "./metrics.js";

const untraced = (url: string) => url === "/metrics" || url.startsWith("/metrics?") || url.startsWith("/health/");

export function traceRequests(): RequestHandler {
  return (req, res, next) => {
    if (untraced(req.url)) return next();
    traceIncomingRequest(req, res, () => standardPath(templateOf(req, res)), next);
  };
}
