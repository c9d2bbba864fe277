// Which methods each API path answers and which operations take a body, as the route declarations
// (route.ts) and the not-yet-declared routers' OpenAPI registrations say: 405 with `Allow` for a known
// path asked with another method, JSON read only where a body is declared, and the names of the path
// parameters (so a badly percent-encoded one is a 400 naming it).
import type { RequestHandler } from "express";
import { problem, sendProblem } from "./problem.js";
import { templateParams, type Method } from "./route.js";

/** One operation: method, OpenAPI path template, whether it declares a request body. */
export interface Endpoint {
  method: Method;
  path: string;
  takesBody: boolean;
}

/** The methods an `Allow` header lists, in this order. HEAD is answered wherever GET is (Express does so). */
const METHODS = ["get", "head", "post", "put", "patch", "delete"] as const;
type AllowMethod = (typeof METHODS)[number];

export interface PathParam {
  name: string;
  /** The segment as sent, still percent-encoded. */
  raw: string;
}

export interface RouteTable {
  /** Upper-case methods of the documented path that `path` matches; empty when none matches. */
  methodsOf(path: string): string[];
  /** The operation `method path` declares a request body. */
  takesBody(method: string, path: string): boolean;
  /** The path parameters of every documented path that `path` matches. */
  paramsOf(path: string): PathParam[];
}

interface DocumentedPath {
  pattern: RegExp;
  names: string[];
  methods: Set<AllowMethod>;
  withBody: Set<AllowMethod>;
}

/** `/api/v1/model/{model_id}` → a pattern matching paths as Express does (any case, optional trailing slash). */
function pathPattern(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "([^/]+)");
  return new RegExp(`^${escaped}/?$`, "i");
}

export function routeTable(endpoints: readonly Endpoint[]): RouteTable {
  const byTemplate = new Map<string, DocumentedPath>();
  for (const { method, path, takesBody } of endpoints) {
    let documented = byTemplate.get(path);
    if (!documented) {
      documented = { pattern: pathPattern(path), names: templateParams(path), methods: new Set(), withBody: new Set() };
      byTemplate.set(path, documented);
    }
    documented.methods.add(method);
    if (method === "get") documented.methods.add("head");
    if (takesBody) documented.withBody.add(method);
  }
  const paths = [...byTemplate.values()];
  const find = (path: string) => paths.filter(({ pattern }) => pattern.test(path));
  return {
    methodsOf(path) {
      const methods = new Set(find(path).flatMap((documented) => [...documented.methods]));
      return METHODS.filter((method) => methods.has(method)).map((method) => method.toUpperCase());
    },
    takesBody(method, path) {
      const lower = method.toLowerCase();
      return find(path).some((documented) => documented.withBody.has(lower as AllowMethod));
    },
    paramsOf(path) {
      return find(path).flatMap(({ pattern, names }) => {
        const values = pattern.exec(path)?.slice(1) ?? [];
        return names.map((name, index) => ({ name, raw: values[index] ?? "" }));
      });
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
