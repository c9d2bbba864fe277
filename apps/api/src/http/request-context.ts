// Request ids and request logs (SPEC §7): an incoming `x-request-id` is kept when it is a sane token,
// otherwise one is minted; it is echoed in the response, kept as `req.id` (problem documents and job data
// carry it) and written as `request_id` on the request's log line.
//
// One line per request when it ends ("request completed", level info; error for a 5xx): method, URL, status
// and time taken. Deliberately lean — it runs on every request: no child logger per request and nothing
// serialised unless the line is written. Per-request objects that live while the handler awaits MongoDB
// survive a young-generation GC and are promoted; pino-http's two child loggers per request were a quarter
// of what the API promoted under load (README "Rebalancing over HTTP").
import type { Logger } from "@ogs/observability";
import type { Request, RequestHandler, Response } from "express";
import { randomUUID } from "node:crypto";

declare module "express-serve-static-core" {
  interface Request {
    /** The request id `requestContext` assigned. */
    id?: string;
  }
}

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** Probes and scrapes would drown the log. */
const unlogged = (url: string) => url === "/metrics" || url.startsWith("/metrics?") || url.startsWith("/health/");

function logRequest(logger: Logger, req: Request, res: Response, startedAt: number): void {
  const finished = res.writableFinished;
  const level = finished && res.statusCode >= 500 ? "error" : "info";
  if (!logger.isLevelEnabled(level)) return;
  logger[level](
    {
      request_id: req.id,
      req: { method: req.method, url: req.originalUrl, remote_address: req.socket.remoteAddress },
      // A client that went away before the answer leaves no status to report.
      res: finished ? { status_code: res.statusCode } : { aborted: true },
      response_time_ms: Math.round((performance.now() - startedAt) * 10) / 10,
    },
    finished ? "request completed" : "request closed before the answer was sent",
  );
}

export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.headers["x-request-id"];
    const id = typeof incoming === "string" && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
    req.id = id;
    res.setHeader("x-request-id", id);
    if (!unlogged(req.url)) {
      const startedAt = performance.now();
      // `close` comes after `finish`, and also when the client goes away first: one listener sees both.
      res.once("close", () => logRequest(logger, req, res, startedAt));
    }
    next();
  };
}

/** The request id `requestContext` assigned ("" before it ran). */
export function requestIdOf(req: { id?: unknown }): string {
  return typeof req.id === "string" ? req.id : "";
}
