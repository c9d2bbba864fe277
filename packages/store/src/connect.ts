// The store factory: one MongoClient per process, one repository per collection.
import { MongoClient, type Db } from "mongodb";
import { guardDriver } from "./driver-errors.js";
import { createModelRepository, type ModelRepository } from "./models/index.js";
import { createRebalanceRepository, type RebalanceRepository } from "./rebalance/index.js";
import { createWebhookEndpointRepository, type WebhookEndpointRepository } from "./webhook-endpoints/index.js";
import { createWebhookDeliveryRepository, type WebhookDeliveryRepository } from "./webhook-deliveries/index.js";

export interface StoreOptions {
  /** MongoDB connection string. */
  url: string;
  /** Database name. */
  database: string;
  /** How long an operation waits for a reachable server before failing with 503. @defaultValue 5000 */
  serverSelectionTimeoutMs?: number;
  /** Connection pool size. @defaultValue 50 */
  maxPoolSize?: number;
  /** Shown in MongoDB's logs. @defaultValue "ogs" */
  appName?: string;
  /** Old rebalances expire this long after submission (a TTL index); null keeps them. @defaultValue null */
  rebalanceRetentionSeconds?: number | null;
}

/** One repository per collection; add a collection here and in `createRepositories`. */
export interface Repositories {
  models: ModelRepository;
  /** The rebalance as one unit: header, portfolio groups, results, locks, Idempotency-Keys. */
  rebalances: RebalanceRepository;
  webhookEndpoints: WebhookEndpointRepository;
  webhookDeliveries: WebhookDeliveryRepository;
}

function createRepositories(db: Db, options: StoreOptions): Repositories {
  return {
    models: createModelRepository(db),
    rebalances: createRebalanceRepository(db, { retentionSeconds: options.rebalanceRetentionSeconds ?? null }),
    webhookEndpoints: createWebhookEndpointRepository(db),
    webhookDeliveries: createWebhookDeliveryRepository(db),
  };
}

export interface Store extends Repositories {
  client: MongoClient;
  db: Db;
  /** Creates every collection's indexes (idempotent). */
  ensureIndexes(): Promise<void>;
  /** Round trip to the server; throws DependencyUnavailableError when it is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Creates the store. The driver connects lazily on the first operation, so a process can start (and
 * report itself not ready) while MongoDB is down; operations then fail with DependencyUnavailableError.
 */
export function connectStore(options: StoreOptions): Store {
  const client = new MongoClient(options.url, {
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 5_000,
    connectTimeoutMS: options.serverSelectionTimeoutMs ?? 5_000,
    maxPoolSize: options.maxPoolSize ?? 50,
    appName: options.appName ?? "ogs",
  });
  const db = client.db(options.database);
  const repositories = createRepositories(db, options);
  return {
    ...repositories,
    client,
    db,
    async ensureIndexes() {
      // Every repository exposes ensureIndexes(); run them one after the other to keep start-up load low.
      for (const repository of Object.values(repositories) as Array<{ ensureIndexes(): Promise<void> }>)
        await repository.ensureIndexes();
    },
    async ping() {
      await guardDriver(() => db.command({ ping: 1 }));
    },
    close: () => client.close(),
  };
}
