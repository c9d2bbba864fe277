// Request ids and request logs (SPEC §7): an incoming `x-request-id` is kept when it is a sane token,
// otherwise one is minted; it is echoed in the response and bound as `request_id` on `req.log`.
import type { Logger } from "@ogs/observability";
import type { RequestHandler } from "express";
import { randomUUID } from "node:crypto";
import { pinoHttp } from "pino-http";

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestContext(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    quietReqLogger: true,
    customAttributeKeys: { reqId: "request_id" },
    genReqId(req, res) {
      const incoming = req.headers["x-request-id"];
      const id = typeof incoming === "string" && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
      res.setHeader("x-request-id", id);
      return id;
    },
    customLogLevel(_req, res, error) {
      if (error || res.statusCode >= 500) return "error";
      return "info";
    },
    // Probes and scrapes would drown the log.
    autoLogging: { ignore: (req) => req.url === "/metrics" || (req.url ?? "").startsWith("/health/") },
  });
}

/** The request id `requestContext` assigned (always a string here; pino-http types it wider). */
export function requestIdOf(req: { id?: unknown }): string {
  return typeof req.id === "string" ? req.id : typeof req.id === "number" ? String(req.id) : "";
}
