// Index creation on collections the original GlobeCo service shares with us (`models`, `rebalances`;
// SPEC §1, drop-in): its init_beanie already indexed some of the same keys under pymongo's default names
// (`name_1`, `portfolios_1`, `portfolios.portfolio_id_1`), and MongoDB refuses a second index on the same
// keys under another name (IndexOptionsConflict, code 85) — the whole createIndexes call fails, and with it
// the start-up. An existing index on the same keys serves our queries, so only missing ones are created.
import { MongoServerError, type Collection, type Document, type IndexDescription } from "mongodb";

/** MongoDB's code for listIndexes on a collection that does not exist yet. */
const NAMESPACE_NOT_FOUND = 26;

const keyOf = (key: object) => JSON.stringify(Object.entries(key));

/**
 * The specs no existing index already covers: none with the same keys in the same order, or only one that
 * lacks the uniqueness the spec asks for (then MongoDB's own error says why it cannot be created).
 */
export function missingIndexes(existing: readonly Document[], wanted: readonly IndexDescription[]): IndexDescription[] {
  return wanted.filter(
    (spec) =>
      !existing.some(
        (index) => keyOf(index.key as object) === keyOf(spec.key) && (spec.unique !== true || index.unique === true),
      ),
  );
}

/** createIndexes for the specs that are missing; nothing when every key is indexed already. */
export async function createMissingIndexes<T extends Document>(
  collection: Collection<T>,
  wanted: readonly IndexDescription[],
): Promise<void> {
  let existing: Document[] = [];
  try {
    existing = (await collection.listIndexes().toArray()) as Document[];
  } catch (error) {
    if (!(error instanceof MongoServerError && error.code === NAMESPACE_NOT_FOUND)) throw error;
  }
  const missing = missingIndexes(existing, wanted);
  if (missing.length > 0) await collection.createIndexes(missing);
}
