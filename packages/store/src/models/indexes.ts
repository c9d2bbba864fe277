// Indexes of `models`: unique name (SPEC §4.1), the sort keys of GET /models (§4.3), and portfolio
// membership (the model that holds a portfolio, §5.5) — each only where the original service's indexes
// do not already cover its keys.
import type { Collection } from "mongodb";
import { createMissingIndexes } from "../missing-indexes.js";
import type { ModelDocument } from "./document.js";

export async function ensureModelIndexes(collection: Collection<ModelDocument>): Promise<void> {
  await createMissingIndexes(collection, [
    { key: { name: 1 }, name: "name_unique", unique: true },
    { key: { last_rebalance_date: 1, _id: 1 }, name: "last_rebalance_date_id" },
    { key: { portfolios: 1 }, name: "portfolios" },
  ]);
}
