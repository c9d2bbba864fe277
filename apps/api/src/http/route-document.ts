// The OpenAPI side of the route declarations (route.ts): each one becomes a zod-to-openapi RouteConfig,
// with the problem statuses it declares (and 500) documented as RFC 9457 problems.
import type { ResponseConfig, RouteConfig, ZodContentObject } from "@asteasolutions/zod-to-openapi";
import { problemResponses, ProblemSchema } from "./openapi-problems.js";
import type { Endpoint } from "./route-table.js";
import type { ProblemSpec, ResponseSpec, Route } from "./route.js";

function documentResponse({ description, body, mediaType = "application/json", headers, content }: ResponseSpec) {
  const documented: ZodContentObject | undefined =
    content ?? (body === undefined ? undefined : { [mediaType]: { schema: body } });
  return { description, ...(headers ? { headers } : {}), ...(documented ? { content: documented } : {}) };
}

function documentProblems(problems: readonly ProblemSpec[]): Record<number, ResponseConfig> {
  const responses = problemResponses(...problems.map((spec) => (typeof spec === "number" ? spec : spec.status)));
  for (const spec of problems) {
    if (typeof spec === "number") continue;
    const { status, description, headers } = spec;
    responses[status] = {
      ...responses[status],
      ...(description ? { description } : {}),
      ...(headers ? { headers } : {}),
      content: { "application/problem+json": { schema: ProblemSchema } },
    };
  }
  return responses;
}

export function routeConfigOf(route: Route): RouteConfig {
  const request = {
    ...(route.params ? { params: route.params } : {}),
    ...(route.query ? { query: route.query } : {}),
    ...(route.headers ? { headers: route.headers } : {}),
    ...(route.body
      ? {
          body: {
            required: route.body.required,
            ...(route.body.description ? { description: route.body.description } : {}),
            content: { "application/json": { schema: route.body.schema } },
          },
        }
      : {}),
  };
  return {
    method: route.method,
    path: route.path,
    tags: [...route.tags],
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    ...(Object.keys(request).length > 0 ? { request } : {}),
    responses: {
      ...documentProblems(route.problems),
      ...Object.fromEntries(
        Object.entries(route.responses).map(([status, response]) => [status, documentResponse(response)]),
      ),
    },
  };
}

export function endpointOf(route: Route): Endpoint {
  return { method: route.method, path: route.path, takesBody: route.body !== undefined };
}
