// GET /models paging and sorting (SPEC §4.3): offset/limit are non-negative integers; sort_by is a
// comma-separated list of model_id, name, last_rebalance_date, each optionally prefixed + or -.
import { ValidationError } from "@ogs/domain";
import type { ModelListQuery as StoreListQuery, ModelSortField } from "@ogs/store";
import type { z } from "zod";
import type { ModelListQuery } from "./schemas.js";

const SORT_FIELDS: readonly ModelSortField[] = ["model_id", "name", "last_rebalance_date"];

function isSortField(name: string): name is ModelSortField {
  return (SORT_FIELDS as readonly string[]).includes(name);
}

function invalidSort(message: string): ValidationError {
  return new ValidationError(`The request query is invalid: sort_by: ${message}.`, [{ field: "sort_by", message }]);
}

/** Parses `sort_by`. A `+` arrives as a space when the client did not percent-encode it, so a leading space means ascending. */
export function parseSortBy(sortBy: string | undefined): StoreListQuery["sort"] {
  if (sortBy === undefined) return [];
  const seen = new Set<string>();
  return sortBy.split(",").map((raw) => {
    const token = raw.startsWith(" ") ? `+${raw.slice(1)}` : raw;
    const direction = token.startsWith("-") ? -1 : 1;
    const field = /^[+-]/.test(token) ? token.slice(1) : token;
    if (field === "") throw invalidSort(`empty sort field in "${sortBy}"`);
    if (!isSortField(field)) throw invalidSort(`unknown sort field "${field}"; use ${SORT_FIELDS.join(", ")}`);
    if (seen.has(field)) throw invalidSort(`sort field "${field}" is listed more than once`);
    seen.add(field);
    return { field, direction };
  });
}

export function toStoreListQuery(query: z.output<typeof ModelListQuery>): StoreListQuery {
  return {
    sort: parseSortBy(query.sort_by),
    ...(query.offset !== undefined ? { offset: Number(query.offset) } : {}),
    ...(query.limit !== undefined ? { limit: Number(query.limit) } : {}),
  };
}
