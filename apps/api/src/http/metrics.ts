// HTTP request duration by method, route TEMPLATE and status (SPEC §7) and the /metrics endpoint.
// Labels use the matched route pattern (`/api/v1/model/:model_id`), never raw ids, so cardinality stays bounded.
import type { Metrics } from "@ogs/observability";
import type { Request, RequestHandler } from "express";
import { ANY_QUERY, defineRoute, type Route } from "./route.js";
import { z } from "./zod.js";

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

export function metricsRoute(metrics: Metrics): Route {
  return defineRoute({
    method: "get",
    path: "/metrics",
    tags: ["operations"],
    query: ANY_QUERY,
    summary: "Prometheus metrics",
    responses: { 200: { description: "Prometheus text format", body: z.string(), mediaType: "text/plain" } },
    problems: [],
    async handler() {
      return { status: 200, type: metrics.registry.contentType, body: await metrics.registry.metrics() };
    },
  });
}
