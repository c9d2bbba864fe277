// Bull Board at /admin/queues over every queue (SPEC §7). With ADMIN_USER/ADMIN_PASSWORD set it asks
// for them (basic auth) and allows job actions; without them it is read-only and answers loopback
// clients only (403 problem otherwise; access.ts).
// While Redis is down its API answers a 503 problem naming Redis, as every other route would.
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import type { ControllerHandlerReturnType } from "@bull-board/api/typings/app";
import { ExpressAdapter } from "@bull-board/express";
import type { Router } from "express";
import express from "express";
import { DependencyUnavailableError } from "@ogs/domain";
import type { QueueHandle } from "@ogs/queue";
import { adminAccess, type AdminCredentials } from "./access.js";

export const ADMIN_QUEUES_PATH = "/admin/queues";

export interface BullBoardSettings {
  queues: Iterable<QueueHandle>;
  /** Both set: basic auth with full controls; otherwise read-only on loopback. */
  credentials?: AdminCredentials | undefined;
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

export function bullBoardRouter({ queues, credentials, redisReady }: BullBoardSettings): Router {
  const readOnlyMode = credentials === undefined;
  const serverAdapter = new ProblemExpressAdapter(redisReady).setBasePath(ADMIN_QUEUES_PATH);
  createBullBoard({ queues: [...queues].map((queue) => new BullMQAdapter(queue, { readOnlyMode })), serverAdapter });
  const router = express.Router();
  router.use(
    ADMIN_QUEUES_PATH,
    adminAccess(credentials, "Bull Board", "Bull Board is read-only and"),
    serverAdapter.getRouter() as Router,
  );
  return router;
}
