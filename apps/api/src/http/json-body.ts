// JSON request bodies: size limit from BODY_LIMIT_BYTES (413 beyond it, SPEC §3), JSON media types only
// (415 for anything else that carries a body), then the "$"/"." key guard. Only routes that declare a body
// read one (route-router.ts); elsewhere a body is ignored and never parsed.
import type { RequestHandler } from "express";
import express from "express";
import { problem, sendProblem } from "./problem.js";
import { rejectUnsafeKeys } from "./safe-keys.js";

const JSON_TYPES = ["application/json", "application/*+json"];

function hasContent(headers: { "content-length"?: string; "transfer-encoding"?: string }): boolean {
  return headers["transfer-encoding"] !== undefined || Number(headers["content-length"] ?? "0") > 0;
}

const requireJsonMediaType: RequestHandler = (req, res, next) => {
  const type = req.headers["content-type"];
  // An empty body without a type is "no body": the route's schema then says what is required.
  if (type === undefined ? hasContent(req.headers) : req.is(JSON_TYPES) === false) {
    sendProblem(
      req,
      res,
      problem(
        415,
        "unsupported-media-type",
        `Request bodies must be JSON (Content-Type: application/json), not ${type ?? "untyped"}.`,
      ),
    );
    return;
  }
  next();
};

/** body-parser's errors carry `type` and `status` (its README "Errors"). */
interface ParserError {
  type?: string;
  status?: number;
}

/**
 * A body that does not decompress as its Content-Encoding says reaches us as body-parser's untyped 400
 * wrapping the zlib error (read.js: `createError(400, error)`); with an encoding on the request, that is the
 * mismatch (SPEC §3: bad input is a 400 problem). An unknown encoding is body-parser's typed 415.
 */
function isUndecodable(error: unknown, encoding: string | undefined): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { type, status } = error as ParserError;
  return type === undefined && status === 400 && encoding !== undefined && encoding.toLowerCase() !== "identity";
}

function parseJson(limitBytes: number): RequestHandler {
  const parse = express.json({ limit: limitBytes, type: JSON_TYPES, strict: true });
  return (req, res, next) => {
    parse(req, res, (error?: unknown) => {
      if (!isUndecodable(error, req.headers["content-encoding"])) return next(error);
      sendProblem(
        req,
        res,
        problem(
          400,
          "malformed-body-encoding",
          `The request body does not match its Content-Encoding (${req.headers["content-encoding"]}): it could not be decompressed.`,
        ),
      );
    });
  };
}

/** The body reader of a route that declares a body: media type check, parse, key guard. */
export function jsonBody(limitBytes: number): RequestHandler[] {
  return [requireJsonMediaType, parseJson(limitBytes), rejectUnsafeKeys];
}
