// Repository of investment models. Optimistic concurrency (SPEC §4.2 rule 7) is enforced atomically
// by MongoDB: every write is a conditional update on `{_id, version}`; a miss is then classified as
// 404 (no such model) or 409 (stale version). A write reads the model first only to build its answer
// (and to refuse a stale version early); the decision is always the database's conditional update.
import {
  ConflictError,
  NotFoundError,
  sameContent,
  sameRebalanceOptions,
  type Model,
  type ModelContent,
  type RebalanceOptions,
} from "@ogs/domain";
import { ObjectId, type Collection, type Db, type Sort } from "mongodb";
import { guardDriver, type DriverGuard, isDuplicateKeyError } from "../driver-errors.js";
import { encodeOptions } from "../options-codec.js";
import { contentFields, MODELS_COLLECTION, toModel, type ModelDocument } from "./document.js";
import { ensureModelIndexes } from "./indexes.js";

export type ModelSortField = "model_id" | "name" | "last_rebalance_date";

export interface ModelListQuery {
  /** Applied in order; ties always fall back to insertion order (`_id` ascending). */
  sort: Array<{ field: ModelSortField; direction: 1 | -1 }>;
  /** @defaultValue 0 */
  offset?: number;
  /** No limit when omitted. */
  limit?: number;
}

export interface ModelRepository {
  ensureIndexes(): Promise<void>;
  create(content: ModelContent): Promise<Model>;
  /** Undefined when no model has this id (including ids that are not ObjectIds). */
  findById(id: string): Promise<Model | undefined>;
  /** Like findById, but throws NotFoundError. */
  get(id: string): Promise<Model>;
  /** The model that holds a portfolio (the oldest, if several do); undefined when none does (SPEC §5.5). */
  findByPortfolio(portfolioId: string): Promise<Model | undefined>;
  /** Models of one page plus the total count, counted in the same call. */
  list(query: ModelListQuery): Promise<{ models: Model[]; total: number }>;
  /** Full replacement (PUT): succeeds only if the stored version equals `expectedVersion`; the same content keeps the version. */
  replace(
    id: string,
    expectedVersion: number,
    content: ModelContent & { lastRebalanceDate?: Date | null },
  ): Promise<Model>;
  /**
   * Read-modify-write of a sub-resource. `change` runs on the stored model and returns the new content;
   * the write is conditional on the version that was read. With `expectedVersion` a different stored
   * version is a 409; without it a concurrent write makes it re-read and retry (up to `attempts`). A change
   * that leaves the content as it was writes nothing and keeps the version.
   */
  edit(id: string, expectedVersion: number | undefined, change: (model: Model) => ModelContent): Promise<Model>;
  /**
   * Replaces the model's default rebalance options with what `change` returns for the stored model (a
   * sub-resource: `replace` never touches them). Versioned like `edit`: the model's version moves on, unless
   * the options are the ones stored.
   */
  editRebalanceOptions(
    id: string,
    expectedVersion: number | undefined,
    change: (model: Model) => RebalanceOptions,
  ): Promise<Model>;
  /** DELETE: conditional on version, portfolios or not (SPEC §4.3). */
  remove(id: string, expectedVersion: number): Promise<void>;
  /**
   * For the rebalance finaliser: records the completion date and bumps the version, only if the date is later
   * than the stored one (idempotent for a re-run, monotonic across rebalances). Undefined if the model is gone.
   */
  setLastRebalanceDate(id: string, date: Date): Promise<Model | undefined>;
}

/** Each round of a contended edit lets at least one writer win, so N concurrent writers finish within N rounds. */
const EDIT_ATTEMPTS = 32;

function objectIdOf(id: string): ObjectId | undefined {
  return /^[0-9a-fA-F]{24}$/.test(id) ? new ObjectId(id) : undefined;
}

export function createModelRepository(db: Db, guard: DriverGuard = guardDriver): ModelRepository {
  const collection: Collection<ModelDocument> = db.collection<ModelDocument>(MODELS_COLLECTION);

  /** Runs a write; a duplicate name becomes a 409 that names the model. */
  async function write<T>(name: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await guard(operation);
    } catch (error) {
      if (isDuplicateKeyError(error))
        throw new ConflictError(`A model named "${name}" already exists; model names are unique.`);
      throw error;
    }
  }

  /** After a conditional write missed: 404 if the model is gone, else 409 naming the current version. */
  async function missedWrite(id: string, expectedVersion: number): Promise<never> {
    const current = await guard(() => collection.findOne({ _id: new ObjectId(id) }, { projection: { version: 1 } }));
    if (!current) throw new NotFoundError("model", id, `Model ${id} was not found.`);
    throw new ConflictError(
      `Model ${id} is at version ${current.version}, not ${expectedVersion}; read it again and retry.`,
      { current_version: current.version },
    );
  }

  /** The stored document, or undefined when no model has this id (including ids that are not ObjectIds). */
  async function findDocument(id: string): Promise<ModelDocument | undefined> {
    const _id = objectIdOf(id);
    if (!_id) return undefined;
    return (await guard(() => collection.findOne({ _id }))) ?? undefined;
  }

  /**
   * The conditional write: applies `set` only if the stored version is still `before.version`. Every write
   * bumps the version, so the document it matched *is* `before`, and the result is `before` plus this change —
   * exact without reading again. An `updateOne` rather than `findOneAndUpdate`: the embedded MongoDB-compatible
   * server runs findAndModify as a find followed by an update of the found `_id`, which lets two writers match
   * the same version (a lost update); its `update` matches and applies in one step, as MongoDB does.
   */
  async function conditionalSet(
    before: ModelDocument,
    set: Partial<ModelDocument>,
  ): Promise<ModelDocument | undefined> {
    const changes = { ...set, updated_at: new Date() };
    const result = await collection.updateOne(
      { _id: before._id, version: before.version },
      { $set: changes, $inc: { version: 1 } },
    );
    return result.matchedCount === 1 ? { ...before, ...changes, version: before.version + 1 } : undefined;
  }

  /**
   * A sub-resource write: `change` sees the stored model and returns the fields to set (undefined: no change,
   * answered as stored). Conditional on the version read; with `expectedVersion` a different stored version is
   * a 409, without it a concurrent write makes it read again and retry (up to EDIT_ATTEMPTS).
   */
  async function readModifyWrite(
    id: string,
    expectedVersion: number | undefined,
    change: (model: Model) => { name: string; set: Partial<ModelDocument> } | undefined,
  ): Promise<Model> {
    for (let attempt = 1; ; attempt++) {
      const before = await findDocument(id);
      if (!before) throw new NotFoundError("model", id, `Model ${id} was not found.`);
      if (expectedVersion !== undefined && before.version !== expectedVersion) return missedWrite(id, expectedVersion);
      const model = toModel(before);
      const changed = change(model);
      if (!changed) return model;
      const updated = await write(changed.name, () => conditionalSet(before, changed.set));
      if (updated) return toModel(updated);
      if (expectedVersion !== undefined || attempt >= EDIT_ATTEMPTS)
        return missedWrite(id, expectedVersion ?? before.version);
    }
  }

  const repository: ModelRepository = {
    ensureIndexes: () => guardDriver(() => ensureModelIndexes(collection)),

    async create(content) {
      const now = new Date();
      const document: ModelDocument = {
        _id: new ObjectId(),
        ...contentFields(content),
        last_rebalance_date: null,
        version: 1,
        created_at: now,
        updated_at: now,
      };
      await write(content.name, () => collection.insertOne(document));
      return toModel(document);
    },

    async findById(id) {
      const document = await findDocument(id);
      return document ? toModel(document) : undefined;
    },

    async get(id) {
      const model = await repository.findById(id);
      if (!model) throw new NotFoundError("model", id, `Model ${id} was not found.`);
      return model;
    },

    async findByPortfolio(portfolioId) {
      const document = await guard(() => collection.find({ portfolios: portfolioId }).sort({ _id: 1 }).limit(1).next());
      return document ? toModel(document) : undefined;
    },

    async list({ sort, offset = 0, limit }) {
      const order: Sort = Object.fromEntries(
        sort.map(({ field, direction }) => [field === "model_id" ? "_id" : field, direction]),
      );
      if (!("_id" in order)) Object.assign(order, { _id: 1 });
      return guard(async () => {
        const cursor = collection.find({}).sort(order).skip(offset);
        if (limit !== undefined) cursor.limit(limit);
        // limit 0 means "no limit" to MongoDB, so an explicit limit of 0 is answered without a query.
        const [documents, total] = await Promise.all([
          limit === 0 ? Promise.resolve([]) : cursor.toArray(),
          collection.countDocuments({}),
        ]);
        return { models: documents.map(toModel), total };
      });
    },

    async replace(id, expectedVersion, content) {
      const before = await findDocument(id);
      if (!before) throw new NotFoundError("model", id, `Model ${id} was not found.`);
      if (before.version !== expectedVersion) return missedWrite(id, expectedVersion);
      // The same content is no change (SPEC §4.1: the version moves on every change): answered as stored.
      const sameDate =
        content.lastRebalanceDate === undefined ||
        content.lastRebalanceDate?.getTime() === before.last_rebalance_date?.getTime();
      if (sameDate && sameContent(content, toModel(before))) return toModel(before);
      const set: Partial<ModelDocument> = contentFields(content);
      if (content.lastRebalanceDate !== undefined) set.last_rebalance_date = content.lastRebalanceDate;
      const updated = await write(content.name, () => conditionalSet(before, set));
      return updated ? toModel(updated) : missedWrite(id, expectedVersion);
    },

    edit: (id, expectedVersion, change) =>
      readModifyWrite(id, expectedVersion, (model) => {
        const content = change(model);
        return sameContent(content, model) ? undefined : { name: content.name, set: contentFields(content) };
      }),

    editRebalanceOptions: (id, expectedVersion, change) =>
      readModifyWrite(id, expectedVersion, (model) => {
        const options = change(model);
        return sameRebalanceOptions(options, model.rebalanceOptions)
          ? undefined
          : { name: model.name, set: { rebalance_options: encodeOptions(options) } };
      }),

    async remove(id, expectedVersion) {
      const _id = objectIdOf(id);
      if (!_id) throw new NotFoundError("model", id, `Model ${id} was not found.`);
      // A model that still has portfolios is deleted too (SPEC §4.3, the original's final code).
      const result = await guard(() => collection.deleteOne({ _id, version: expectedVersion }));
      if (result.deletedCount === 1) return;
      return missedWrite(id, expectedVersion);
    },

    async setLastRebalanceDate(id, date) {
      const _id = objectIdOf(id);
      if (!_id) return undefined;
      // Only forward: a finaliser that runs again (same date) or an older rebalance finalised late changes nothing.
      const later = { $or: [{ last_rebalance_date: null }, { last_rebalance_date: { $lt: date } }] };
      await guard(() =>
        collection.updateOne(
          { _id, ...later },
          { $set: { last_rebalance_date: date, updated_at: new Date() }, $inc: { version: 1 } },
        ),
      );
      const document = await guard(() => collection.findOne({ _id }));
      return document ? toModel(document) : undefined;
    },
  };
  return repository;
}
