// Redis connections with the settings BullMQ requires (BullMQ docs "Going to production", "Redis Cluster"):
// one Redis by URL, or an ioredis Cluster client from seed nodes. Every process opens its connections here,
// so the producer, the workers, the queue events, Bull Board, readiness and the queue sampler all follow the
// same target.
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from "ioredis";

export interface RedisNode {
  host: string;
  port: number;
}

/** Credentials and TLS: for every node of a cluster, or what REDIS_URL leaves unsaid (its own win). */
export interface RedisAccess {
  username?: string | undefined;
  password?: string | undefined;
  /** TLS with the system's CAs. @defaultValue false (a `rediss://` URL turns it on too) */
  tls?: boolean | undefined;
}

/** Where the queue lives (the config package's `redis` section has this shape). */
export type RedisTarget =
  | (RedisAccess & { url: string; clusterNodes?: undefined })
  | (RedisAccess & { clusterNodes: readonly RedisNode[]; url?: undefined });

/** A connection BullMQ accepts: one Redis or a cluster client. */
export type RedisConnection = Redis | Cluster;

export type RedisConnectionSettings = RedisTarget & {
  /**
   * `worker`: blocking commands must wait out a Redis restart, so BullMQ needs
   * `maxRetriesPerRequest: null`. `producer`: an HTTP request should fail fast while Redis is down,
   * so commands are not queued offline and retried only once.
   */
  role: "worker" | "producer";
  /** Connection name shown by `CLIENT LIST` (on every node of a cluster). */
  name?: string;
  /** Called on every connection error (ioredis reconnects by itself; without a listener Node logs noise). */
  onError?: (error: Error) => void;
};

/** Reconnect delay: grows 200 ms per attempt up to 5 s, forever (a Redis restart must not end the process). */
export function reconnectDelay(attempt: number): number {
  return Math.min(attempt * 200, 5_000);
}

function accessOptions({ username, password, tls }: RedisAccess): RedisOptions {
  return {
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
    ...(tls ? { tls: {} } : {}),
  };
}

const decoded = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/**
 * REDIS_URL without its credentials, and the credentials field by field: what the URL gives wins, what it
 * leaves empty comes from REDIS_USERNAME/REDIS_PASSWORD. (Given the URL as is, ioredis takes both fields from
 * it as soon as either is written, so `redis://:token@host` would blank REDIS_USERNAME and `redis://user@host`
 * REDIS_PASSWORD.)
 */
function splitRedisUrl(url: string, access: RedisAccess): { url: string; access: RedisAccess } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url, access };
  }
  const username = decoded(parsed.username) || access.username;
  const password = decoded(parsed.password) || access.password;
  parsed.username = "";
  parsed.password = "";
  return { url: parsed.toString(), access: { ...access, username, password } };
}

function nodeOptions(role: RedisConnectionSettings["role"], name: string | undefined): RedisOptions {
  return {
    maxRetriesPerRequest: role === "worker" ? null : 1,
    enableReadyCheck: true,
    ...(name ? { connectionName: name } : {}),
  };
}

function createCluster(nodes: readonly RedisNode[], settings: RedisConnectionSettings): Cluster {
  const options: ClusterOptions = {
    // Per-node settings; ioredis itself decides the nodes' reconnects and offline queues in a cluster.
    redisOptions: { ...nodeOptions(settings.role, settings.name), ...accessOptions(settings) },
    // The cluster client's own queue while no node is reachable: as for one Redis, a producer fails fast.
    enableOfflineQueue: settings.role === "worker",
    enableReadyCheck: true,
    // Whole-cluster reconnects (every node lost) go on forever, like a single connection's.
    clusterRetryStrategy: reconnectDelay,
    // With TLS, connect by the node's host name so the certificate's name matches (ioredis README, "Special
    // Note: AWS ElastiCache Clusters with TLS"); resolving to an IP first would fail the check.
    ...(settings.tls ? { dnsLookup: (address, callback) => callback(null, address) } : {}),
  };
  return new Cluster(
    nodes.map(({ host, port }) => ({ host, port })),
    options,
  );
}

function createSingle(settings: RedisConnectionSettings & { url: string }): Redis {
  const { url, access } = splitRedisUrl(settings.url, settings);
  return new Redis(url, {
    ...nodeOptions(settings.role, settings.name),
    ...(settings.role === "worker" ? {} : { enableOfflineQueue: false }),
    retryStrategy: reconnectDelay,
    ...accessOptions(access),
    lazyConnect: false,
  });
}

export function createRedisConnection(settings: RedisConnectionSettings): RedisConnection {
  const { onError } = settings;
  const connection: RedisConnection =
    settings.clusterNodes !== undefined ? createCluster(settings.clusterNodes, settings) : createSingle(settings);
  connection.on("error", (error: Error) => onError?.(error));
  // A cluster client reports a lost node apart from its own errors (ioredis "node error").
  if (connection instanceof Cluster) connection.on("node error", (error: Error) => onError?.(error));
  return connection;
}

/** The target for logs: the cluster's seeds, or the URL without its credentials. */
export function describeRedisTarget(target: RedisTarget): string {
  if (target.clusterNodes !== undefined) {
    const seeds = target.clusterNodes.map(({ host, port }) =>
      host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`,
    );
    return `Redis Cluster (seeds ${seeds.join(",")})`;
  }
  return target.url.replace(/^(rediss?:\/\/)[^/@]*@/, "$1***@");
}
