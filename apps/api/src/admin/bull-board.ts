// Bull Board at /admin/queues over every queue (SPEC §7). With ADMIN_USER/ADMIN_PASSWORD set it asks
// for them (basic auth) and allows job actions; without them it is read-only and answers loopback
// clients only (403 problem otherwise), so an unconfigured deployment never exposes queue controls.
// While Redis is down its API answers a 503 problem naming Redis, as every other route would.
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import type { ControllerHandlerReturnType } from "@bull-board/api/typings/app";
import { ExpressAdapter } from "@bull-board/express";
import type { Request, RequestHandler, Router } from "express";
import express from "express";
import { DependencyUnavailableError } from "@ogs/domain";
import type { QueueHandle } from "@ogs/queue";
import { createHash, timingSafeEqual } from "node:crypto";
import { problem, sendProblem } from "../http/problem.js";

export const ADMIN_QUEUES_PATH = "/admin/queues";

export interface BullBoardSettings {
  queues: Iterable<QueueHandle>;
  /** Both set: basic auth with full controls; otherwise read-only on loopback. */
  credentials?: { user: string; password: string } | undefined;
  /** Whether the queues' Redis connection is up; a failed Bull Board call while it is not is a 503. */
  redisReady(): boolean;
}

/** What Bull Board's API handlers throw: their own HTTP errors carry `statusCode`. */
interface BoardError extends Error {
  statusCode?: number;
}

/**
 * Bull Board answers its API's errors itself, with a 500 for anything unexpected. This adapter keeps its
 * answers to the caller's mistakes (4xx) and hands the rest to the app's problem handler instead: thrown from
 * Bull Board's error middleware, Express passes an error on to the app that mounts it. An error while Redis
 * is down becomes a 503 naming Redis.
 */
class ProblemExpressAdapter extends ExpressAdapter {
  constructor(private readonly redisReady: () => boolean) {
    super();
  }

  override setErrorHandler(handler: (error: Error) => ControllerHandlerReturnType): this {
    return super.setErrorHandler((error: BoardError) => {
      if ((error.statusCode ?? 500) < 500) return handler(error);
      if (!this.redisReady())
        throw new DependencyUnavailableError(
          "redis",
          "Redis is unavailable, so the queues cannot be read.",
          undefined,
          {
            cause: error,
          },
        );
      throw error;
    });
  }
}

const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();
/** Constant-time comparison of equal-length digests, so neither length nor content leaks through timing. */
const same = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

/** Basic auth against ADMIN_USER/ADMIN_PASSWORD; also guards the webhook subscriptions (SPEC §6) under their own realm. */
export function basicAuth(
  { user, password }: { user: string; password: string },
  realm = "Bull Board",
): RequestHandler {
  return (req, res, next) => {
    const [scheme, encoded] = (req.get("authorization") ?? "").split(" ");
    const decoded = scheme?.toLowerCase() === "basic" && encoded ? Buffer.from(encoded, "base64").toString("utf8") : "";
    const colon = decoded.indexOf(":");
    const ok = colon >= 0 && same(decoded.slice(0, colon), user) && same(decoded.slice(colon + 1), password);
    if (ok) return next();
    res.setHeader("WWW-Authenticate", `Basic realm="${realm}", charset="UTF-8"`);
    sendProblem(
      req,
      res,
      problem(401, "unauthorized", `${realm} requires the administrator's user name and password (basic auth).`),
    );
  };
}

export function isLoopback(req: Request): boolean {
  const address = req.socket.remoteAddress ?? "";
  return address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.");
}

const loopbackOnly: RequestHandler = (req, res, next) => {
  if (isLoopback(req)) return next();
  sendProblem(
    req,
    res,
    problem(
      403,
      "forbidden",
      "Bull Board is read-only and reachable from this host only; set ADMIN_USER and ADMIN_PASSWORD to open it to other hosts.",
    ),
  );
};

export function bullBoardRouter({ queues, credentials, redisReady }: BullBoardSettings): Router {
  const readOnlyMode = credentials === undefined;
  const serverAdapter = new ProblemExpressAdapter(redisReady).setBasePath(ADMIN_QUEUES_PATH);
  createBullBoard({ queues: [...queues].map((queue) => new BullMQAdapter(queue, { readOnlyMode })), serverAdapter });
  const router = express.Router();
  router.use(
    ADMIN_QUEUES_PATH,
    credentials ? basicAuth(credentials) : loopbackOnly,
    serverAdapter.getRouter() as Router,
  );
  return router;
}
