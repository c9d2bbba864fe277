// JSON request bodies: size limit from BODY_LIMIT_BYTES (413 beyond it, SPEC §3), JSON media types only
// (415 for anything else that carries a body), then the "$"/"." key guard.
import type { RequestHandler } from "express";
import express from "express";
import { problem, sendProblem } from "./problem.js";
import { rejectUnsafeKeys } from "./safe-keys.js";

const JSON_TYPES = ["application/json", "application/*+json"];

const requireJsonMediaType: RequestHandler = (req, res, next) => {
  // req.is() is null when there is no body and false when the body has another media type.
  if (req.is(JSON_TYPES) === false) {
    sendProblem(req, res, problem(415, "unsupported-media-type", `Request bodies must be JSON (Content-Type: application/json), not ${req.headers["content-type"]}.`));
    return;
  }
  next();
};

export function jsonBody(limitBytes: number): RequestHandler[] {
  return [requireJsonMediaType, express.json({ limit: limitBytes, type: JSON_TYPES, strict: true }), rejectUnsafeKeys];
}
