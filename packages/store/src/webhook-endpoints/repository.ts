// Repository of webhook subscriptions: create, list, get, delete.
import { ObjectId, type Collection, type Db } from "mongodb";
import { guardDriver, type DriverGuard } from "../driver-errors.js";
import {
  toWebhookEndpoint,
  WEBHOOK_ENDPOINTS_COLLECTION,
  type NewWebhookEndpoint,
  type WebhookEndpoint,
  type WebhookEndpointDocument,
} from "./document.js";

export interface WebhookEndpointListQuery {
  /** @defaultValue 0 */
  offset?: number;
  /** @defaultValue 100 */
  limit?: number;
}

export interface WebhookEndpointRepository {
  ensureIndexes(): Promise<void>;
  create(endpoint: NewWebhookEndpoint): Promise<WebhookEndpoint>;
  /** Undefined when no endpoint has this id (including ids that are not ObjectIds). */
  findById(id: string): Promise<WebhookEndpoint | undefined>;
  /** Newest first, with the total count. */
  list(query?: WebhookEndpointListQuery): Promise<{ endpoints: WebhookEndpoint[]; total: number }>;
  /** Every subscription, oldest first: what the finaliser plans deliveries from. */
  listAll(): Promise<WebhookEndpoint[]>;
  /** True when an endpoint was deleted. */
  remove(id: string): Promise<boolean>;
}

function objectIdOf(id: string): ObjectId | undefined {
  return /^[0-9a-fA-F]{24}$/.test(id) ? new ObjectId(id) : undefined;
}

export function createWebhookEndpointRepository(db: Db, guard: DriverGuard = guardDriver): WebhookEndpointRepository {
  const collection: Collection<WebhookEndpointDocument> =
    db.collection<WebhookEndpointDocument>(WEBHOOK_ENDPOINTS_COLLECTION);
  return {
    async ensureIndexes() {
      await guardDriver(() => collection.createIndexes([{ key: { created_at: -1, _id: -1 }, name: "created_at_id" }]));
    },
    async create({ url, events, description, secret }) {
      const document: WebhookEndpointDocument = {
        _id: new ObjectId(),
        url,
        ...(events === undefined ? {} : { events }),
        ...(description === undefined ? {} : { description }),
        secret,
        created_at: new Date(),
      };
      await guard(() => collection.insertOne(document));
      return toWebhookEndpoint(document);
    },
    async findById(id) {
      const _id = objectIdOf(id);
      if (_id === undefined) return undefined;
      const document = await guard(() => collection.findOne({ _id }));
      return document === null ? undefined : toWebhookEndpoint(document);
    },
    async list({ offset = 0, limit = 100 } = {}) {
      const [documents, total] = await guard(() =>
        Promise.all([
          limit === 0
            ? Promise.resolve([])
            : collection.find({}).sort({ created_at: -1, _id: -1 }).skip(offset).limit(limit).toArray(),
          collection.countDocuments({}),
        ]),
      );
      return { endpoints: documents.map(toWebhookEndpoint), total };
    },
    async listAll() {
      const documents = await guard(() => collection.find({}).sort({ created_at: 1, _id: 1 }).toArray());
      return documents.map(toWebhookEndpoint);
    },
    async remove(id) {
      const _id = objectIdOf(id);
      if (_id === undefined) return false;
      const result = await guard(() => collection.deleteOne({ _id }));
      return result.deletedCount === 1;
    },
  };
}
