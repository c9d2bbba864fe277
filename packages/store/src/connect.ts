// The store factory: one MongoClient per process, one repository per collection.
import { traceMongoCommands, tracingEnabled } from "@ogs/observability";
import { MongoClient, type Db } from "mongodb";
import { createDriverGuard, type DriverGuard } from "./driver-errors.js";
import { createModelRepository, type ModelRepository } from "./models/index.js";
import { createRebalanceRepository, type RebalanceRepository } from "./rebalance/index.js";
import { createWebhookEndpointRepository, type WebhookEndpointRepository } from "./webhook-endpoints/index.js";
import { createWebhookDeliveryRepository, type WebhookDeliveryRepository } from "./webhook-deliveries/index.js";

export interface StoreOptions {
  /** MongoDB connection string. */
  url: string;
  /** Database name. */
  database: string;
  /**
   * How long an operation may take — waiting for a reachable server included — before it fails with 503
   * (the driver's client-side operation timeout, `timeoutMS`). @defaultValue 5000
   */
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

function createRepositories(db: Db, options: StoreOptions, guard: DriverGuard): Repositories {
  return {
    models: createModelRepository(db, guard),
    rebalances: createRebalanceRepository(db, {
      retentionSeconds: options.rebalanceRetentionSeconds ?? null,
      deadlineMs: options.serverSelectionTimeoutMs ?? 5_000,
    }),
    webhookEndpoints: createWebhookEndpointRepository(db, guard),
    webhookDeliveries: createWebhookDeliveryRepository(db, guard),
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
  const timeoutMs = options.serverSelectionTimeoutMs ?? 5_000;
  const client = new MongoClient(options.url, {
    serverSelectionTimeoutMS: timeoutMs,
    connectTimeoutMS: timeoutMs,
    maxPoolSize: options.maxPoolSize ?? 50,
    appName: options.appName ?? "ogs",
    // A span per command while the process traces (SPEC §7); command events cost nothing when off.
    monitorCommands: tracingEnabled(),
  });
  if (tracingEnabled()) traceMongoCommands(client);
  const db = client.db(options.database);
  // Every operation answers within the bound, or fails as MongoDB unavailable (503): a hung server must not hang requests.
  const guard = createDriverGuard(timeoutMs);
  const repositories = createRepositories(db, options, guard);
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
      await guard(() => db.command({ ping: 1 }));
    },
    close: () => client.close(),
  };
}
