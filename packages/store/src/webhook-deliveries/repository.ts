// Repository of webhook deliveries. Creation is idempotent by `webhook_id` (itself derived from rebalance,
// event type and destination), so a finaliser that runs twice creates one delivery (SPEC §5.4); attempts
// are appended atomically, so concurrent or repeated jobs never lose one. The append is `$addToSet` of an
// attempt with a fresh `_id` — on MongoDB the same single-document atomic append as `$push`, and the one
// array operator the embedded MongoDB-compatible test server supports (it rejects `$push` and pipelines).
import { ObjectId, type Collection, type Db } from "mongodb";
import { guardDriver, type DriverGuard, isDuplicateKeyError } from "../driver-errors.js";
import {
  toWebhookDelivery,
  WEBHOOK_DELIVERIES_COLLECTION,
  type DeliveryAttempt,
  type DeliveryAttemptDocument,
  type NewWebhookDelivery,
  type PendingDelivery,
  type WebhookDelivery,
  type WebhookDeliveryDocument,
  type WebhookDeliveryStatus,
} from "./document.js";

export interface WebhookDeliveryRepository {
  ensureIndexes(): Promise<void>;
  /** Inserts a pending delivery, or returns the one that already has this `webhook_id` (`created: false`). */
  createOnce(delivery: NewWebhookDelivery): Promise<{ delivery: WebhookDelivery; created: boolean }>;
  /** Undefined when no delivery has this id (including ids that are not ObjectIds). */
  findById(id: string): Promise<WebhookDelivery | undefined>;
  /** Deliveries of one rebalance, oldest first. */
  listByRebalance(rebalanceId: string): Promise<WebhookDelivery[]>;
  /**
   * Appends one attempt and sets the resulting status in one atomic update; a status other than `delivered`
   * never replaces `delivered` (the attempt is still appended). Undefined if the delivery is gone.
   */
  recordAttempt(
    id: string,
    attempt: DeliveryAttempt,
    status: WebhookDeliveryStatus,
  ): Promise<WebhookDelivery | undefined>;
  /**
   * A delivery job ended without recording a final attempt (its worker died more often than
   * JOB_MAX_STALLED_COUNT, or it failed unexpectedly): appends `attempt` and sets `failed`, only while the
   * delivery is still `pending` and was last changed no later than `failedAt` (so the failure of an older
   * job never fails a redelivery made after it). True when it applied.
   */
  failIfPending(id: string, attempt: DeliveryAttempt, failedAt: Date): Promise<boolean>;
  /** Redeliver: back to `pending`, attempts kept, `redeliveries` + 1 (the new run's job id); undefined if the delivery is gone. */
  markPending(id: string): Promise<WebhookDelivery | undefined>;
  /** Deliveries `pending` since before `before` (oldest change first, after `afterId`): what the repair sweep checks against the queue. */
  listPendingBefore(before: Date, limit: number, afterId?: string): Promise<PendingDelivery[]>;
  /** Removes a rebalance's deliveries (when the rebalance is deleted); returns how many. */
  removeByRebalance(rebalanceId: string): Promise<number>;
}

function objectIdOf(id: string): ObjectId | undefined {
  return /^[0-9a-fA-F]{24}$/.test(id) ? new ObjectId(id) : undefined;
}

/** The attempt as stored: its own id (so no two are ever "equal" to $addToSet), optional fields left out. */
function attemptDocument({ at, status_code, error, duration_ms }: DeliveryAttempt): DeliveryAttemptDocument {
  return {
    _id: new ObjectId(),
    at,
    ...(status_code === undefined ? {} : { status_code }),
    ...(error === undefined ? {} : { error }),
    duration_ms,
  };
}

export function createWebhookDeliveryRepository(db: Db, guard: DriverGuard = guardDriver): WebhookDeliveryRepository {
  const collection: Collection<WebhookDeliveryDocument> =
    db.collection<WebhookDeliveryDocument>(WEBHOOK_DELIVERIES_COLLECTION);

  async function update(
    id: string,
    change: Parameters<typeof collection.findOneAndUpdate>[1],
  ): Promise<WebhookDelivery | undefined> {
    const _id = objectIdOf(id);
    if (_id === undefined) return undefined;
    const document = await guard(() => collection.findOneAndUpdate({ _id }, change, { returnDocument: "after" }));
    return document === null ? undefined : toWebhookDelivery(document);
  }

  async function findById(id: string): Promise<WebhookDelivery | undefined> {
    const _id = objectIdOf(id);
    if (_id === undefined) return undefined;
    const document = await guard(() => collection.findOne({ _id }));
    return document === null ? undefined : toWebhookDelivery(document);
  }

  return {
    async ensureIndexes() {
      await guard(() =>
        collection.createIndexes([
          { key: { webhook_id: 1 }, name: "webhook_id_unique", unique: true },
          { key: { rebalance_id: 1, created_at: 1 }, name: "rebalance_id_created_at" },
          { key: { status: 1, updated_at: 1 }, name: "status_updated_at" },
        ]),
      );
    },
    async createOnce({ webhook_id, rebalance_id, event_type, destination, endpoint_id, payload }) {
      const now = new Date();
      const document: WebhookDeliveryDocument = {
        _id: new ObjectId(),
        webhook_id,
        rebalance_id,
        event_type,
        destination,
        ...(endpoint_id === undefined ? {} : { endpoint_id }),
        payload,
        status: "pending",
        attempts: [],
        created_at: now,
        updated_at: now,
      };
      try {
        await guard(() => collection.insertOne(document));
        return { delivery: toWebhookDelivery(document), created: true };
      } catch (error) {
        // The unique index on webhook_id makes a second finaliser run (or a race of two) find the first delivery.
        if (!isDuplicateKeyError(error)) throw error;
        const existing = await guard(() => collection.findOne({ webhook_id }));
        if (existing === null) throw error;
        return { delivery: toWebhookDelivery(existing), created: false };
      }
    },
    findById,
    async listByRebalance(rebalanceId) {
      const documents = await guard(() =>
        collection.find({ rebalance_id: rebalanceId }).sort({ created_at: 1, _id: 1 }).toArray(),
      );
      return documents.map(toWebhookDelivery);
    },
    async recordAttempt(id, attempt, status) {
      if (status === "delivered")
        return update(id, {
          $addToSet: { attempts: attemptDocument(attempt) },
          $set: { status, updated_at: new Date() },
        });
      const _id = objectIdOf(id);
      if (_id === undefined) return undefined;
      // A slower concurrent run (a redelivery clicked while the first was sending) never undoes `delivered`:
      // its attempt is still recorded, the status stays.
      const document = attemptDocument(attempt);
      const changed = await guard(() =>
        collection.updateOne(
          { _id, status: { $ne: "delivered" } },
          { $addToSet: { attempts: document }, $set: { status, updated_at: new Date() } },
        ),
      );
      if (changed.matchedCount === 0)
        await guard(() =>
          collection.updateOne({ _id }, { $addToSet: { attempts: document }, $set: { updated_at: new Date() } }),
        );
      return findById(id);
    },
    async failIfPending(id, attempt, failedAt) {
      const _id = objectIdOf(id);
      if (_id === undefined) return false;
      const result = await guard(() =>
        collection.updateOne(
          { _id, status: "pending", updated_at: { $lte: failedAt } },
          { $addToSet: { attempts: attemptDocument(attempt) }, $set: { status: "failed", updated_at: new Date() } },
        ),
      );
      return result.modifiedCount === 1;
    },
    markPending(id) {
      return update(id, { $set: { status: "pending", updated_at: new Date() }, $inc: { redeliveries: 1 } });
    },
    async listPendingBefore(before, limit, afterId) {
      const after = afterId === undefined ? undefined : objectIdOf(afterId);
      const match = { status: "pending", updated_at: { $lt: before }, ...(after ? { _id: { $gt: after } } : {}) };
      // An aggregation $project: the embedded server ignores find projections and would ship every payload.
      const documents = await guard(() =>
        collection
          .aggregate<Pick<WebhookDeliveryDocument, "_id" | "rebalance_id" | "redeliveries">>([
            { $match: match },
            { $sort: { _id: 1 } },
            { $limit: limit },
            { $project: { _id: 1, rebalance_id: 1, redeliveries: 1 } },
          ])
          .toArray(),
      );
      return documents.map((doc) => ({
        delivery_id: doc._id.toHexString(),
        rebalance_id: doc.rebalance_id,
        redeliveries: doc.redeliveries ?? 0,
      }));
    },
    async removeByRebalance(rebalanceId) {
      const result = await guard(() => collection.deleteMany({ rebalance_id: rebalanceId }));
      return result.deletedCount;
    },
  };
}
