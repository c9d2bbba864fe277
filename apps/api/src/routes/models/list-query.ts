// GET /models paging and sorting (SPEC §4.3): offset/limit are non-negative integers; sort_by is a
// comma-separated list of model_id, name, last_rebalance_date, each optionally prefixed + or -.
import type { ModelListQuery as StoreListQuery, ModelSortField } from "@ogs/store";
import type { z } from "zod";
import { parseSortList } from "../../http/sort-by.js";
import type { ModelListQuery } from "./schemas.js";

const SORT_FIELDS: readonly ModelSortField[] = ["model_id", "name", "last_rebalance_date"];

/** Parses `sort_by` for GET /models. */
export function parseSortBy(sortBy: string | undefined): StoreListQuery["sort"] {
  return parseSortList(sortBy, SORT_FIELDS);
}

export function toStoreListQuery(query: z.output<typeof ModelListQuery>): StoreListQuery {
  return {
    sort: parseSortBy(query.sort_by),
    ...(query.offset !== undefined ? { offset: Number(query.offset) } : {}),
    ...(query.limit !== undefined ? { limit: Number(query.limit) } : {}),
  };
}
