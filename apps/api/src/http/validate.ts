// Request validation: body, query or params through a zod schema into typed input, or a 400
// ValidationError listing `{field, message}` for every problem (SPEC §3).
import { ValidationError, type FieldError } from "@ogs/domain";
import type { z } from "zod";

export type InputLocation = "body" | "query" | "path" | "header";

function fieldErrors(error: z.ZodError, location: InputLocation): FieldError[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ field: path ? `${path}.${key}` : key, message: `unknown field "${key}"` }));
    }
    return [{ field: path || location, message: issue.message }];
  });
}

/** Parses `value` with `schema`; throws ValidationError whose detail sentence names the first problem. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, location: InputLocation): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = fieldErrors(result.error, location);
  const first = errors[0]!;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? "s" : ""})` : "";
  throw new ValidationError(`The request ${location} is invalid: ${first.field}: ${first.message}${more}.`, errors);
}
