// HTTP request duration by method, route TEMPLATE and status (SPEC §7) and the /metrics endpoint.
// Labels use the matched route pattern (`/api/v1/model/:model_id`), never raw ids, so cardinality stays bounded.
import type { Metrics } from "@ogs/observability";
import type { ErrorRequestHandler, Request, RequestHandler, Router } from "express";
import express from "express";

/** `req.baseUrl` + the matched route's path; "unmatched" when no route matched (404s, parse errors). */
export function routeTemplate(req: Request): string {
  const route = req.route as { path?: unknown } | undefined;
  const path = route?.path;
  return typeof path === "string" ? `${req.baseUrl}${path === "/" && req.baseUrl ? "" : path}` : "unmatched";
}

export function recordHttpDuration(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const end = metrics.httpRequestDuration.startTimer();
    res.once("finish", () => {
      const route = typeof res.locals.routeTemplate === "string" ? res.locals.routeTemplate : routeTemplate(req);
      end({ method: req.method, route, status_code: String(res.statusCode) });
    });
    next();
  };
}

/**
 * Mounted right after a resource router: when a route fails, Express restores `req.baseUrl` before the
 * app-level error handler runs, so the full template is remembered here, while the mount path is known.
 */
export const rememberRouteTemplate: ErrorRequestHandler = (error, req, res, next) => {
  res.locals.routeTemplate = routeTemplate(req);
  next(error);
};

export function metricsRouter(metrics: Metrics): Router {
  const router = express.Router();
  router.get("/metrics", async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
