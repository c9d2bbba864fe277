// The OpenAPI 3.1 document, generated from the same zod schemas that validate requests (SPEC §7),
// served at /openapi.json with Swagger UI at /docs. Routers register their paths via `ApiRouter.document`.
import { OpenApiGeneratorV31, OpenAPIRegistry, type ResponseConfig } from "@asteasolutions/zod-to-openapi";
import type { Router } from "express";
import express from "express";
import swaggerUi from "swagger-ui-express";
import { z } from "./zod.js";

export { OpenAPIRegistry };

/** Prefix of every resource route (SPEC §4.3, §5.5). */
export const API_PREFIX = "/api/v1";

/** A resource router: mounted under API_PREFIX, and able to describe itself in the OpenAPI document. */
export interface ApiRouter {
  router: Router;
  document(registry: OpenAPIRegistry): void;
}

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: "/problems/validation-error" }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().openapi({ description: "A human sentence saying what went wrong." }),
    instance: z.string().optional(),
    request_id: z.string().optional(),
    errors: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .openapi({ description: "Every offending field (validation and rule errors)." }),
    rule: z.string().optional().openapi({ description: "The broken business rule (422)." }),
    service: z.string().optional().openapi({ description: "The unavailable dependency (503)." }),
    rebalance_id: z.string().optional().openapi({
      description: "The rebalance a synchronous rebalance answer is about (also linked by the `Link` header).",
    }),
    current_version: z.number().int().optional().openapi({ description: "The stored version (409 stale version)." }),
  })
  .catchall(z.unknown())
  .openapi("Problem", { description: "RFC 9457 problem details." });

/**
 * A response header of the OpenAPI document. `required` when every response of that status carries it;
 * the tests check required headers are sent and that the API's own headers are documented wherever sent.
 */
export function responseHeader(
  description: string,
  { required = false, type = "string" }: { required?: boolean; type?: "string" | "integer" } = {},
) {
  return { description, required, schema: { type } };
}

/** The total of a paged list (SPEC §4.3). */
export const TOTAL_COUNT_HEADER = {
  "X-Total-Count": responseHeader("Number of items before paging.", { required: true, type: "integer" }),
};

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: "Malformed input: bad id, bad query, bad JSON, unknown or unsafe keys.",
  404: "Unknown resource.",
  409: "Stale version or duplicate name.",
  413: "Request body larger than BODY_LIMIT_BYTES.",
  415: "The request body is not JSON (`Content-Type: application/json`), or its encoding is not supported.",
  422: "A business rule is broken; `rule` names it.",
  503: "A dependency (MongoDB) is unavailable.",
};

/** Problem responses for the given status codes (500 is always added). */
export function problemResponses(...statuses: number[]): Record<number, ResponseConfig> {
  return Object.fromEntries(
    [...statuses, 500].map((status) => [
      status,
      {
        description: PROBLEM_DESCRIPTIONS[status] ?? "Unexpected error.",
        content: { "application/problem+json": { schema: ProblemSchema } },
      },
    ]),
  );
}

const CheckSchema = z.object({
  status: z.enum(["up", "down"]),
  required: z.boolean(),
  latency_ms: z.number(),
  error: z.string().optional(),
});
const HealthReportSchema = z
  .object({ status: z.enum(["up", "down"]), checks: z.record(z.string(), CheckSchema) })
  .openapi("HealthReport");

function documentOperations(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: "get",
    path: "/health/live",
    tags: ["operations"],
    summary: "The process is up",
    responses: {
      200: { description: "Up", content: { "application/json": { schema: z.object({ status: z.literal("up") }) } } },
    },
  });
  for (const [path, summary] of [
    ["/health/ready", "Every required dependency is reachable"],
    ["/health/health", "Detail of every dependency check"],
  ] as const) {
    registry.registerPath({
      method: "get",
      path,
      tags: ["operations"],
      summary,
      responses: {
        200: {
          description: "Every required check is up",
          content: { "application/json": { schema: HealthReportSchema } },
        },
        503: {
          description: "A required check is down",
          content: { "application/json": { schema: HealthReportSchema } },
        },
      },
    });
  }
  registry.registerPath({
    method: "get",
    path: "/openapi.json",
    tags: ["operations"],
    summary: "This OpenAPI 3.1 document (Swagger UI at /docs)",
    responses: {
      200: {
        description: "OpenAPI document",
        content: { "application/json": { schema: z.object({ openapi: z.string() }).passthrough() } },
      },
    },
  });
  registry.registerPath({
    method: "get",
    path: "/metrics",
    tags: ["operations"],
    summary: "Prometheus metrics",
    responses: { 200: { description: "Prometheus text format", content: { "text/plain": { schema: z.string() } } } },
  });
}

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31["generateDocument"]>;

export function buildOpenApiDocument(routers: readonly ApiRouter[]): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  registry.register("Problem", ProblemSchema);
  documentOperations(registry);
  for (const router of routers) router.document(registry);
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

export function openApiRouter(document: object): Router {
  const router = express.Router();
  router.get("/openapi.json", (_req, res) => {
    res.json(document);
  });
  router.use("/docs", swaggerUi.serve);
  router.get("/docs", swaggerUi.setup(document, { customSiteTitle: "Order Generation Service API" }));
  return router;
}
