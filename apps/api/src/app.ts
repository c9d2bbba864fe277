// The Express app factory: shared HTTP plumbing plus one router per resource. Tests and main.ts wire
// the same factory; add a resource by adding its ApiRouter to `resources` (or pass `routers`).
import type { Logger, Metrics } from "@ogs/observability";
import type { Store } from "@ogs/store";
import cors from "cors";
import express, { type Express, type Router } from "express";
import type { ApiConfig } from "./config.js";
import { healthRouter, type HealthCheck } from "./http/health.js";
import { jsonBody } from "./http/json-body.js";
import { metricsRouter, recordHttpDuration, rememberRouteTemplate } from "./http/metrics.js";
import { API_PREFIX, buildOpenApiDocument, openApiRouter, type ApiRouter } from "./http/openapi.js";
import { errorHandler, notFoundHandler } from "./http/problem.js";
import { requestContext } from "./http/request-context.js";
import { methodNotAllowedHandler, routeTable } from "./http/route-table.js";
import { modelsApi } from "./routes/models/index.js";

export interface AppDependencies {
  config: Pick<ApiConfig, "BODY_LIMIT_BYTES">;
  store: Store;
  logger: Logger;
  metrics: Metrics;
  /** Readiness checks (MongoDB, later Redis). */
  healthChecks: HealthCheck[];
  /** Extra resource routers, mounted under /api/v1 after the built-in ones. */
  routers?: ApiRouter[];
  /** Routers mounted at the root, outside the API and the OpenAPI document (Bull Board at /admin/queues). */
  adminRouters?: Router[];
}

export function createApp({
  config,
  store,
  logger,
  metrics,
  healthChecks,
  routers = [],
  adminRouters = [],
}: AppDependencies): Express {
  const resources: ApiRouter[] = [modelsApi(store.models), ...routers];
  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  app.use(requestContext(logger));
  app.use(recordHttpDuration(metrics));
  // The portal is served from elsewhere (SPEC §7); let it read our headers too.
  app.use(
    cors({
      exposedHeaders: [
        "Location",
        "Link",
        "Allow",
        "X-Total-Count",
        "X-Request-Id",
        "Preference-Applied",
        "Idempotent-Replayed",
      ],
    }),
  );
  const document = buildOpenApiDocument(resources);
  const routes = routeTable(document);
  app.use(jsonBody(config.BODY_LIMIT_BYTES, (req) => routes.takesBody(req.method, req.path)));
  app.use(healthRouter(healthChecks));
  app.use(metricsRouter(metrics));
  app.use(openApiRouter(document));
  for (const resource of resources) app.use(API_PREFIX, resource.router, rememberRouteTemplate);
  for (const router of adminRouters) app.use(router);
  app.use(methodNotAllowedHandler(routes));
  app.use(notFoundHandler);
  app.use(errorHandler(logger, config.BODY_LIMIT_BYTES));
  return app;
}
