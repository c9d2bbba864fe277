// `sort_by` query parameters (SPEC §4.3, §5.5): a comma-separated list of allowed fields, each
// optionally prefixed + (ascending, the default) or -; unknown or repeated fields are a 400.
import { ValidationError } from "@ogs/domain";

export interface SortKey<F extends string> {
  field: F;
  direction: 1 | -1;
}

function invalidSort(message: string): ValidationError {
  return new ValidationError(`The request query is invalid: sort_by: ${message}.`, [{ field: "sort_by", message }]);
}

/**
 * Parses `sort_by`. Spaces around a field are ignored, as the original service strips them (`name, -model_id`);
 * that also reads a `+` the client did not percent-encode (it arrives as a space) as ascending, the default.
 */
export function parseSortList<F extends string>(sortBy: string | undefined, fields: readonly F[]): SortKey<F>[] {
  if (sortBy === undefined) return [];
  const seen = new Set<string>();
  return sortBy.split(",").map((raw) => {
    const token = raw.trim();
    const direction = token.startsWith("-") ? -1 : 1;
    const field = /^[+-]/.test(token) ? token.slice(1) : token;
    if (field === "") throw invalidSort(`empty sort field in "${sortBy}"`);
    if (!(fields as readonly string[]).includes(field))
      throw invalidSort(`unknown sort field "${field}"; use ${fields.join(", ")}`);
    if (seen.has(field)) throw invalidSort(`sort field "${field}" is listed more than once`);
    seen.add(field);
    return { field: field as F, direction };
  });
}
