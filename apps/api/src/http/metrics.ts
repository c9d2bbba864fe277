// HTTP request duration by method, route TEMPLATE and status (SPEC §7), the GlobeCo suite's standard HTTP
// metrics (http_requests_total, http_request_duration in ms, http_requests_in_flight), and the /metrics endpoint.
// Labels use the matched route pattern (`/api/v1/model/:model_id`), never raw ids, so cardinality stays bounded.
import { NO_RESPONSE_STATUS, startHttpRequest, UNMATCHED_PATH, type Metrics } from "@ogs/observability";
import type { Request, RequestHandler, Response } from "express";
import { ANY_QUERY, defineRoute, type Route } from "./route.js";
import { z } from "./zod.js";

/** `req.baseUrl` + the matched route's path; "unmatched" when no route matched (404s, parse errors). */
export function routeTemplate(req: Request): string {
  const route = req.route as { path?: unknown } | undefined;
  const path = route?.path;
  return typeof path === "string" ? `${req.baseUrl}${path === "/" && req.baseUrl ? "" : path}` : UNMATCHED_PATH;
}

/**
 * The `path` label of the GlobeCo standard metrics: the route template in OpenAPI form
 * (`/api/v1/model/{model_id}`), the label values the original service's metrics carry.
 */
export function standardPath(template: string): string {
  return template.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
}

/** The template the route chain remembered (route-router.ts), else Express' matched route. */
export function templateOf(req: Request, res: Response): string {
  return typeof res.locals.routeTemplate === "string" ? res.locals.routeTemplate : routeTemplate(req);
}

export function recordHttpDuration(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const end = metrics.httpRequestDuration.startTimer();
    const endStandard = startHttpRequest(metrics, req.method);
    // `close` follows `finish`, and also comes alone when the client goes away before the answer: that
    // request still leaves the in-flight gauge. One listener per request sees both.
    res.once("close", () => {
      const route = templateOf(req, res);
      if (!res.writableFinished) return endStandard(standardPath(route), NO_RESPONSE_STATUS);
      end({ method: req.method, route, status_code: String(res.statusCode) });
      endStandard(standardPath(route), res.statusCode);
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
