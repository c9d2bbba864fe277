// Keys that start with "$" or contain "." never reach MongoDB (SPEC §3): operator injection and
// dotted-path surprises are refused anywhere in a JSON body, at any depth, before validation.
import { ValidationError } from "@ogs/domain";
import type { RequestHandler } from "express";

/** Path of the first unsafe key, or undefined. Iterative, so deeply nested bodies cannot overflow the stack. */
export function findUnsafeKey(body: unknown): string | undefined {
  const stack: Array<{ value: unknown; path: string }> = [{ value: body, path: "" }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value !== "object" || value === null) continue;
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      if (!Array.isArray(value) && (key.startsWith("$") || key.includes("."))) return childPath;
      stack.push({ value: child, path: childPath });
    }
  }
  return undefined;
}

export const rejectUnsafeKeys: RequestHandler = (req, _res, next) => {
  const field = findUnsafeKey(req.body);
  if (field !== undefined) {
    throw new ValidationError(
      `The request body is invalid: the key "${field}" starts with "$" or contains "."; such keys are not allowed.`,
      [{ field, message: 'keys must not start with "$" or contain "."' }],
    );
  }
  next();
};
