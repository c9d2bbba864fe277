// The Express side of the route declarations (route.ts): one chain per route — its metrics template, its
// own middleware (auth), the JSON body reader where a body is declared, then input parsing, the handler
// and the reply. Nothing here knows a resource; add routes by declaring them.
import type { Request, RequestHandler, Response, Router } from "express";
import { jsonBody } from "./json-body.js";
import { expressPath, RESPONSE_SENT, templateParams, type AnyReply, type Route } from "./route.js";
import { parseInput } from "./validate.js";
import { z } from "./zod.js";

/** Routes without declared query parameters accept none (an unknown one is a 400, SPEC §3). */
const NO_QUERY = z.strictObject({});

/** The declared request headers by their HTTP names (Express reads them case-insensitively). */
function headersOf(req: Request, schema: z.ZodObject): Record<string, string | undefined> {
  return Object.fromEntries(Object.keys(schema.shape).map((name) => [name, req.get(name)]));
}

function parseRequest(route: Route, req: Request) {
  return {
    params: route.params ? parseInput(route.params, req.params, "path") : {},
    query: parseInput(route.query ?? NO_QUERY, req.query, "query"),
    headers: route.headers ? parseInput(route.headers, headersOf(req, route.headers), "header") : {},
    body:
      route.body && (route.body.required || req.body !== undefined)
        ? parseInput(route.body.schema, req.body, "body")
        : undefined,
  };
}

function sendReply(route: Route, res: Response, reply: AnyReply): void {
  res.status(reply.status);
  for (const [name, value] of Object.entries(reply.headers ?? {})) if (value !== undefined) res.setHeader(name, value);
  if (reply.body === undefined) {
    res.end();
    return;
  }
  const mediaType = route.responses[reply.status]?.mediaType ?? "application/json";
  if (mediaType === "application/json" && reply.type === undefined) res.json(reply.body);
  else res.type(reply.type ?? mediaType).send(reply.body);
}

/** A declaration whose params schema does not name exactly the template's placeholders is a bug: fail at start-up. */
function assertParamsMatchPath(route: Route): void {
  const declared = Object.keys(route.params?.shape ?? {}).sort();
  const placeholders = templateParams(route.path).sort();
  if (declared.join() !== placeholders.join())
    throw new Error(
      `${route.method.toUpperCase()} ${route.path} declares params [${declared.join(", ")}] but its path has [${placeholders.join(", ")}]`,
    );
}

function chainOf(route: Route, readBody: readonly RequestHandler[]): RequestHandler[] {
  const template = expressPath(route.path);
  // Request metrics are labelled by the route template, also when the handler fails (SPEC §7).
  const remember: RequestHandler = (_req, res, next) => {
    res.locals.routeTemplate = template;
    next();
  };
  const handle: RequestHandler = async (req, res) => {
    const reply = await route.handler(parseRequest(route, req), { req, res });
    if (reply !== RESPONSE_SENT) sendReply(route, res, reply);
  };
  return [remember, ...(route.middleware ?? []), ...(route.body ? readBody : []), handle];
}

/** Where routes are added: an Express app or router (both route by method). */
export type RouteTarget = Pick<Router, Route["method"]>;

/**
 * Adds `routes` to `target` at their own (absolute) paths. The app adds them to its own router: a nested
 * router would cost every request another dispatch, and its closures live while the handler awaits MongoDB.
 */
export function mountRoutes<T extends RouteTarget>(
  target: T,
  routes: readonly Route[],
  { bodyLimitBytes }: { bodyLimitBytes: number },
): T {
  const readBody = jsonBody(bodyLimitBytes);
  for (const route of routes) assertParamsMatchPath(route);
  for (const route of routes) target[route.method](expressPath(route.path), ...chainOf(route, readBody));
  return target;
}
