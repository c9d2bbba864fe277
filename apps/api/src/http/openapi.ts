// The OpenAPI 3.1 document (SPEC §7), generated from the route declarations (route.ts), served at
// /openapi.json with Swagger UI at /docs.
import { OpenApiGeneratorV31, OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import type { Router } from "express";
import express from "express";
import swaggerUi from "swagger-ui-express";
import { ProblemSchema } from "./openapi-problems.js";
import { endpointOf, routeConfigOf } from "./route-document.js";
import type { Endpoint } from "./route-table.js";
import { ANY_QUERY, defineRoute, type Route } from "./route.js";
import { z } from "./zod.js";

export { OpenAPIRegistry };
export { ProblemSchema, problemResponses, responseHeader, TOTAL_COUNT_HEADER } from "./openapi-problems.js";

/** Prefix of every resource route (SPEC §4.3, §5.5); one home, shared with the webhook events' links. */
export { API_PREFIX } from "@ogs/domain";

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31["generateDocument"]>;

export function buildOpenApiDocument(routes: readonly Route[]): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  registry.register("Problem", ProblemSchema);
  for (const route of routes) registry.registerPath(routeConfigOf(route));
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Order Generation Service",
      version: "1.0.0",
      description:
        "Investment models and queue-driven portfolio rebalancing (GlobeCo Order Generation Service, port 8088). Errors are RFC 9457 problems; an unknown path answers 404, and a documented path asked with a method it does not list answers 405 with an `Allow` header.",
    },
    servers: [{ url: "/" }],
  });
}

/** Every operation of the API: what the route table is built from. */
export function endpointsOf(routes: readonly Route[]): Endpoint[] {
  return routes.map(endpointOf);
}

/** GET /openapi.json: the document, which describes this route too (so it is read once it exists). */
export function openApiRoute(document: () => OpenApiDocument): Route {
  return defineRoute({
    method: "get",
    path: "/openapi.json",
    tags: ["operations"],
    query: ANY_QUERY,
    summary: "This OpenAPI 3.1 document (Swagger UI at /docs)",
    responses: { 200: { description: "OpenAPI document", body: z.looseObject({ openapi: z.string() }) } },
    problems: [],
    // The generator types the document as its own OpenAPIObject; on the wire it is the JSON object it is.
    handler: () => ({ status: 200, body: { ...document() } }),
  });
}

/** Swagger UI at /docs: static pages, outside the document. */
export function swaggerUiRouter(document: OpenApiDocument): Router {
  const router = express.Router();
  router.use("/docs", swaggerUi.serve);
  router.get("/docs", swaggerUi.setup(document, { customSiteTitle: "Order Generation Service API" }));
  return router;
}
