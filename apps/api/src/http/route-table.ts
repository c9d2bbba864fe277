// The API's routes as its OpenAPI document lists them (SPEC §7: the document describes every route):
// which methods a path answers — for 405 with `Allow` — and which operations take a request body, so
// that JSON is required (415) and parsed only where a body is expected.
import type { RequestHandler } from "express";
import type { OpenApiDocument } from "./openapi.js";
import { problem, sendProblem } from "./problem.js";

/** The methods an `Allow` header lists, in this order. HEAD is answered wherever GET is (Express does so). */
const METHODS = ["get", "head", "post", "put", "patch", "delete"] as const;
type Method = (typeof METHODS)[number];

export interface RouteTable {
  /** Upper-case methods of the documented path that `path` matches; empty when none matches. */
  methodsOf(path: string): string[];
  /** The documented operation `method path` declares a request body. */
  takesBody(method: string, path: string): boolean;
}

interface DocumentedPath {
  pattern: RegExp;
  methods: Set<Method>;
  withBody: Set<Method>;
}

/** `/api/v1/model/{model_id}` → a pattern matching paths as Express does (any case, optional trailing slash). */
function pathPattern(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+");
  return new RegExp(`^${escaped}/?$`, "i");
}

export function routeTable(document: OpenApiDocument): RouteTable {
  const paths: DocumentedPath[] = Object.entries(document.paths ?? {}).map(([template, item]) => {
    const methods = new Set(METHODS.filter((method) => item[method] !== undefined));
    if (methods.has("get")) methods.add("head");
    return {
      pattern: pathPattern(template),
      methods,
      withBody: new Set(METHODS.filter((method) => item[method]?.requestBody !== undefined)),
    };
  });
  const find = (path: string) => paths.filter(({ pattern }) => pattern.test(path));
  return {
    methodsOf(path) {
      const methods = new Set(find(path).flatMap((documented) => [...documented.methods]));
      return METHODS.filter((method) => methods.has(method)).map((method) => method.toUpperCase());
    },
    takesBody(method, path) {
      const lower = method.toLowerCase();
      return find(path).some((documented) => documented.withBody.has(lower as Method));
    },
  };
}

/** A documented path asked with a method it does not answer: 405 with the `Allow` header (RFC 9110 §15.5.6). */
export function methodNotAllowedHandler(table: RouteTable): RequestHandler {
  return (req, res, next) => {
    const allowed = table.methodsOf(req.path);
    if (allowed.length === 0) {
      next();
      return;
    }
    res.setHeader("Allow", allowed.join(", "));
    sendProblem(
      req,
      res,
      problem(405, "method-not-allowed", `The path ${req.path} answers ${allowed.join(", ")}, not ${req.method}.`),
    );
  };
}
