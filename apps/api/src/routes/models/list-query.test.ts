import { ValidationError } from "@ogs/domain";
import { describe, expect, it } from "vitest";
import { parseSortBy, toStoreListQuery } from "./list-query.js";

describe("parseSortBy", () => {
  it("reads fields with optional + and - prefixes, in order", () => {
    expect(parseSortBy("-last_rebalance_date,+name,model_id")).toEqual([
      { field: "last_rebalance_date", direction: -1 },
      { field: "name", direction: 1 },
      { field: "model_id", direction: 1 },
    ]);
  });

  it("treats a leading space as + (an unencoded + in a query string)", () => {
    expect(parseSortBy(" name")).toEqual([{ field: "name", direction: 1 }]);
  });

  it("ignores spaces around fields, as the original service strips them", () => {
    expect(parseSortBy("name, -model_id ,  last_rebalance_date")).toEqual([
      { field: "name", direction: 1 },
      { field: "model_id", direction: -1 },
      { field: "last_rebalance_date", direction: 1 },
    ]);
  });

  it.each(["price", "name,", "-", "name,-name", "Name", "", "name, ", "- name"])("rejects %j", (value) => {
    expect(() => parseSortBy(value)).toThrow(ValidationError);
  });

  it("no sort_by means no sort fields (insertion order)", () => {
    expect(parseSortBy(undefined)).toEqual([]);
  });
});

describe("toStoreListQuery", () => {
  it("converts offset and limit and leaves absent ones out", () => {
    expect(toStoreListQuery({ offset: "5", limit: "0" })).toEqual({ sort: [], offset: 5, limit: 0 });
    expect(toStoreListQuery({})).toEqual({ sort: [] });
  });
});
