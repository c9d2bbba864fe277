// A path parameter that is not valid percent-encoding (`/api/v1/model/%ZZ`) is bad input: a 400 naming the
// parameter (SPEC §3), checked before routing, where Express's own decodeURIComponent would fail with a
// nameless error.
import { ValidationError } from "@ogs/domain";
import type { RequestHandler } from "express";
import type { RouteTable } from "./route-table.js";

function decodes(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

export function rejectUndecodableParams(table: RouteTable): RequestHandler {
  return (req, _res, next) => {
    // Most paths carry no escapes at all; only those are worth matching against the table.
    if (!req.path.includes("%")) return next();
    const bad = [...new Set(table.paramsOf(req.path).flatMap(({ name, raw }) => (decodes(raw) ? [] : [name])))];
    if (bad.length === 0) return next();
    const message = "is not valid percent-encoding (each % must start an escaped UTF-8 byte such as %2F)";
    throw new ValidationError(
      `The request path is invalid: ${bad.join(", ")}: ${message}.`,
      bad.map((field) => ({ field, message })),
    );
  };
}
