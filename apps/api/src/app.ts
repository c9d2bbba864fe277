// The Express app factory: shared HTTP plumbing plus every route. Routes are declared once each
// (http/route.ts: schemas, docs, handler); the router, the OpenAPI document and the 405/415 table are
// generated from the declarations. Tests and main.ts wire this factory.
import { tracingEnabled, type Logger, type Metrics } from "@ogs/observability";
import type { Store } from "@ogs/store";
import cors from "cors";
import express, { type Express, type Router } from "express";
import type { ApiConfig } from "./config.js";
import { healthRoutes, type HealthCheck } from "./http/health.js";
import { metricsRoute, recordHttpDuration } from "./http/metrics.js";
import {
  buildOpenApiDocument,
  endpointsOf,
  openApiRoute,
  swaggerUiRouter,
  type OpenApiDocument,
} from "./http/openapi.js";
import { rejectUndecodableParams } from "./http/percent-decoding.js";
import { errorHandler, notFoundHandler } from "./http/problem.js";
import { requestContext } from "./http/request-context.js";
import { mountRoutes } from "./http/route-router.js";
import { methodNotAllowedHandler, routeTable } from "./http/route-table.js";
import { traceRequests } from "./http/tracing.js";
import type { Route } from "./http/route.js";
import { modelRoutes } from "./routes/models/index.js";

export interface AppDependencies {
  config: Pick<ApiConfig, "BODY_LIMIT_BYTES">;
  store: Store;
  logger: Logger;
  metrics: Metrics;
  /** Readiness checks (MongoDB, Redis). */
  healthChecks: HealthCheck[];
  /** Declared routes besides the built-in ones (operations, models). */
  routes?: Route[];
  /** Routers mounted at the root, outside the API and the OpenAPI document (Bull Board at /admin/queues). */
  adminRouters?: Router[];
}

/** The headers a browser client may read (the portal is served from elsewhere, SPEC §7). */
const EXPOSED_HEADERS = [
  "Location",
  "Link",
  "Allow",
  "X-Total-Count",
  "X-Request-Id",
  "Preference-Applied",
  "Idempotent-Replayed",
  "ETag",
];

export function createApp({
  config,
  store,
  logger,
  metrics,
  healthChecks,
  routes: extraRoutes = [],
  adminRouters = [],
}: AppDependencies): Express {
  const routes: Route[] = [
    ...healthRoutes(healthChecks),
    metricsRoute(metrics),
    // Read on request, once the document below exists; it describes this route too.
    openApiRoute(() => document),
    ...modelRoutes(store.models),
    ...extraRoutes,
  ];
  const document: OpenApiDocument = buildOpenApiDocument(routes);
  const table = routeTable(endpointsOf(routes));

  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  // Only while spans are exported (startTelemetry ran with an endpoint): off, requests pay nothing for it.
  if (tracingEnabled()) app.use(traceRequests());
  app.use(requestContext(logger));
  app.use(recordHttpDuration(metrics));
  app.use(cors({ exposedHeaders: EXPOSED_HEADERS }));
  app.use(rejectUndecodableParams(table));
  mountRoutes(app, routes, { bodyLimitBytes: config.BODY_LIMIT_BYTES });
  app.use(swaggerUiRouter(document));
  for (const router of adminRouters) app.use(router);
  app.use(methodNotAllowedHandler(table));
  app.use(notFoundHandler);
  app.use(errorHandler(logger, config.BODY_LIMIT_BYTES));
  return app;
}
