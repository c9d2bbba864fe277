// RFC 9457 problem details (SPEC §3): the one place that turns errors into HTTP responses.
import {
  ConflictError,
  DependencyUnavailableError,
  DomainError,
  NotFoundError,
  RuleViolationError,
  ValidationError,
} from "@ogs/domain";
import type { Logger } from "@ogs/observability";
import type { ErrorRequestHandler, Request, RequestHandler, Response } from "express";
import { requestIdOf } from "./request-context.js";

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  request_id?: string;
  errors?: Array<{ field: string; message: string }>;
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  431: "Request Header Fields Too Large",
  422: "Unprocessable Content",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export function problem(
  status: number,
  code: string,
  detail: string,
  extensions: Record<string, unknown> = {},
): Problem {
  // Extensions never override the standard members (a `status` extension once turned a 409 into a 500).
  return { ...extensions, type: `/problems/${code}`, title: TITLES[status] ?? "Error", status, detail };
}

/** Extension members that belong to whatever problem a response ends up being, not to one error. */
const responseExtensions = new WeakMap<Response, Record<string, unknown>>();

/** Every problem sent on `res` from now on carries these members (e.g. the rebalance a synchronous answer is about). */
export function addProblemExtensions(res: Response, extensions: Record<string, unknown>): void {
  responseExtensions.set(res, { ...responseExtensions.get(res), ...extensions });
}

export function sendProblem(req: Request, res: Response, body: Problem): void {
  res
    .status(body.status)
    .type("application/problem+json")
    .json({ ...responseExtensions.get(res), ...body, instance: req.originalUrl, request_id: requestIdOf(req) });
}

/**
 * Errors raised while reading a request carry `status` (and, from body-parser, `type`): see body-parser's
 * README "Errors" and http-errors, whose `expose` marks a status the client caused.
 */
interface HttpParserError {
  type?: string;
  status?: number;
  statusCode?: number;
  expose?: boolean;
}

function fromParserType(type: string, bodyLimit: number): Problem | undefined {
  switch (type) {
    case "entity.too.large":
      return problem(413, "payload-too-large", `The request body is larger than the limit of ${bodyLimit} bytes.`, {
        limit_bytes: bodyLimit,
      });
    case "entity.parse.failed":
      return problem(
        400,
        "malformed-json",
        "The request body is not valid JSON, or its top level is not an object or array.",
      );
    case "encoding.unsupported":
    case "charset.unsupported":
      return problem(
        415,
        "unsupported-encoding",
        "The request body's Content-Encoding or charset is not supported; send UTF-8 JSON, uncompressed or as gzip, deflate or br.",
      );
    case "request.aborted":
    case "request.size.invalid":
      return problem(
        400,
        "incomplete-body",
        "The request body was incomplete or its length did not match Content-Length.",
      );
    default:
      return undefined;
  }
}

function fromParserError(error: HttpParserError, bodyLimit: number): Problem | undefined {
  const byType = error.type === undefined ? undefined : fromParserType(error.type, bodyLimit);
  if (byType) return byType;
  const status = error.status ?? error.statusCode;
  if (status === undefined || status < 400 || status >= 500) return undefined;
  // Express could not percent-decode a path parameter of a route the route table does not list (Bull Board's).
  if (error instanceof URIError)
    return problem(400, "malformed-path", "The request path is not valid percent-encoding.");
  // Any other error a library marks as the client's (http-errors' `expose`) keeps its 4xx status.
  if (error.expose === true) return problem(status, "bad-request", "The request could not be read.");
  return undefined;
}

/** Maps a thrown value to a problem; undefined means "unexpected" (500). */
export function problemFromError(error: unknown, bodyLimit: number): Problem | undefined {
  if (error instanceof ValidationError) return problem(400, error.code, error.message, { errors: error.errors });
  if (error instanceof NotFoundError) return problem(404, error.code, error.message, { resource: error.resource });
  if (error instanceof ConflictError) return problem(409, error.code, error.message, error.extensions);
  if (error instanceof RuleViolationError) {
    return problem(422, error.code, error.message, {
      rule: error.rule,
      ...(error.errors.length > 0 ? { errors: error.errors } : {}),
    });
  }
  if (error instanceof DependencyUnavailableError)
    return problem(503, error.code, error.message, { service: error.service });
  if (error instanceof DomainError) return undefined;
  if (typeof error === "object" && error !== null) return fromParserError(error, bodyLimit);
  return undefined;
}

/** The last middleware: every error becomes a problem document; unexpected ones are logged and hidden. */
export function errorHandler(logger: Logger, bodyLimit: number): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const mapped = problemFromError(error, bodyLimit);
    if (mapped) {
      if (mapped.status >= 500) logger.warn({ err: error, request_id: requestIdOf(req) }, mapped.detail);
      sendProblem(req, res, mapped);
      return;
    }
    logger.error({ err: error, request_id: requestIdOf(req) }, "unexpected error while handling a request");
    sendProblem(
      req,
      res,
      problem(500, "internal-error", "An unexpected error occurred; it has been logged with this request's id."),
    );
  };
}

/** Unknown routes are 404 problems (a known path asked with another method is a 405: see route-table.ts). */
export const notFoundHandler: RequestHandler = (req, res) => {
  sendProblem(req, res, problem(404, "route-not-found", `There is no route ${req.method} ${req.path}.`));
};
