import type { IndexDescription } from "mongodb";
import { describe, expect, it } from "vitest";
import { missingIndexes } from "./missing-indexes.js";

/** What init_beanie of the original service leaves on `models` (pymongo's default names). */
const ORIGINAL_MODELS = [
  { v: 2, key: { _id: 1 }, name: "_id_" },
  { v: 2, key: { name: 1 }, name: "name_1", unique: true },
  { v: 2, key: { portfolios: 1 }, name: "portfolios_1" },
  { v: 2, key: { last_rebalance_date: 1 }, name: "last_rebalance_date_1" },
];

describe(missingIndexes.name, () => {
  it("leaves out a spec whose keys the original already indexed under another name", () => {
    const sut = missingIndexes(ORIGINAL_MODELS, [
      { key: { name: 1 }, name: "name_unique", unique: true },
      { key: { last_rebalance_date: 1, _id: 1 }, name: "last_rebalance_date_id" },
      { key: { portfolios: 1 }, name: "portfolios" },
    ]);
    expect(sut).toEqual([{ key: { last_rebalance_date: 1, _id: 1 }, name: "last_rebalance_date_id" }]);
  });

  it("keeps a spec whose keys differ in order or direction", () => {
    const wanted: IndexDescription[] = [
      { key: { last_rebalance_date: -1 }, name: "desc" },
      { key: { _id: 1, last_rebalance_date: 1 }, name: "reordered" },
    ];
    expect(missingIndexes([...ORIGINAL_MODELS, { key: { last_rebalance_date: 1, _id: 1 } }], wanted)).toEqual(wanted);
  });

  it("keeps a unique spec when the index on the same keys is not unique (MongoDB then names the conflict)", () => {
    const wanted: IndexDescription[] = [{ key: { portfolios: 1 }, name: "portfolios_unique", unique: true }];
    expect(missingIndexes(ORIGINAL_MODELS, wanted)).toEqual(wanted);
  });

  it("creates everything on a collection without indexes, and nothing when ours are already there", () => {
    const wanted: IndexDescription[] = [{ key: { name: 1 }, name: "name_unique", unique: true }];
    expect(missingIndexes([], wanted)).toEqual(wanted);
    expect(missingIndexes([{ key: { name: 1 }, name: "name_unique", unique: true }], wanted)).toEqual([]);
  });
});
