// Redis connection and queue key prefix (SPEC §2, §5.4): one Redis (REDIS_URL) or a Redis Cluster
// (REDIS_CLUSTER_NODES), the credentials and TLS a managed service asks for, and BullMQ's key prefix.
// On a cluster every key of a queue — and of a flow, whose parent and children live in two queues — must
// hash to one slot, which BullMQ supports only through a hash tag in the prefix (BullMQ docs "Redis
// Cluster"); a prefix without one would fail every script with CROSSSLOT, so start-up refuses it.
import { z } from "zod";
import { optionalBool } from "../fields.js";

/** The key prefix when QUEUE_PREFIX is unset and REDIS_URL is used. */
export const DEFAULT_QUEUE_PREFIX = "ogs";
/** The key prefix when QUEUE_PREFIX is unset in cluster mode: the same name as a hash tag. */
export const DEFAULT_CLUSTER_QUEUE_PREFIX = "{ogs}";

export interface RedisNodeAddress {
  host: string;
  port: number;
}

/** Credentials and TLS, for every node of a cluster or on top of what REDIS_URL says. */
export interface RedisAccess {
  username?: string | undefined;
  password?: string | undefined;
  /** TLS with the system's CAs (NODE_EXTRA_CA_CERTS adds a private CA). */
  tls: boolean;
}

/** Where the queue lives: one Redis by URL, or a cluster found from its seed nodes. */
export type RedisTarget =
  | (RedisAccess & { url: string; clusterNodes?: undefined })
  | (RedisAccess & { clusterNodes: RedisNodeAddress[]; url?: undefined });

const NODE = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9._-]+)):(\d{1,5})$/;

/** Parses `REDIS_CLUSTER_NODES`: `host:port` seeds separated by commas (`[v6]:port` for IPv6). */
export function parseClusterNodes(text: string): RedisNodeAddress[] | string {
  const items = text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
  if (items.length === 0) return "expected at least one host:port";
  const nodes: RedisNodeAddress[] = [];
  for (const item of items) {
    const match = NODE.exec(item);
    const port = Number(match?.[3]);
    if (!match || port < 1 || port > 65535)
      return `expected host:port pairs separated by commas, such as redis-0:6379,redis-1:6379 (bad entry ${JSON.stringify(item)})`;
    nodes.push({ host: match[1] ?? match[2] ?? "", port });
  }
  return nodes;
}

/**
 * The part of `prefix` Redis Cluster hashes: the text between the first `{` and the first `}` after it,
 * when not empty (Redis cluster specification, "Hash tags"). Undefined when the prefix has none.
 */
export function hashTagOf(prefix: string): string | undefined {
  const open = prefix.indexOf("{");
  const close = open < 0 ? -1 : prefix.indexOf("}", open + 1);
  return close > open + 1 ? prefix.slice(open + 1, close) : undefined;
}

export const redisEnv = z.object({
  /**
   * Redis connection string (`redis://` or `rediss://` for TLS); when unset the launcher starts a local
   * redis-server. Ignored when REDIS_CLUSTER_NODES is set.
   */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "expected a redis:// or rediss:// URL")
    .optional(),
  /**
   * Seed nodes of a Redis Cluster, `host:port,host:port,…` (one is enough, every master is better): the api
   * and the workers use a cluster client and a hash-tagged QUEUE_PREFIX. Wins over REDIS_URL.
   * @defaultValue unset (one Redis at REDIS_URL)
   */
  REDIS_CLUSTER_NODES: z
    .string()
    .transform((text, ctx): RedisNodeAddress[] => {
      const nodes = parseClusterNodes(text);
      if (typeof nodes !== "string") return nodes;
      ctx.addIssue({ code: "custom", message: nodes });
      return z.NEVER;
    })
    .optional(),
  /** ACL user for every Redis connection; a user in REDIS_URL wins. @defaultValue unset (`default`) */
  REDIS_USERNAME: z.string().max(256, "expected at most 256 characters").optional(),
  /** Password (AUTH) for every Redis connection, e.g. a managed cluster's token; one in REDIS_URL wins. @defaultValue unset */
  REDIS_PASSWORD: z.string().max(4096, "expected at most 4096 characters").optional(),
  /**
   * TLS to Redis: `true` for a managed cluster with in-transit encryption. With REDIS_URL, `rediss://`
   * turns it on as well. @defaultValue false
   */
  REDIS_TLS: optionalBool(),
  /**
   * BullMQ key prefix, so several deployments can share one Redis. In cluster mode it must contain a
   * hash tag (`{…}`), e.g. `{ogs}`. @defaultValue "ogs", or "{ogs}" in cluster mode
   */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_{}-]{1,64}$/, "expected 1-64 letters, digits, _, -, { or }")
    .optional(),
});

export type RedisEnv = z.output<typeof redisEnv>;

export type WithRedis<T> = Omit<T, "QUEUE_PREFIX"> & {
  /** The prefix in use: QUEUE_PREFIX, or the default of the mode. */
  QUEUE_PREFIX: string;
  /** Undefined when neither REDIS_URL nor REDIS_CLUSTER_NODES is set (the launcher starts a redis-server). */
  redis: RedisTarget | undefined;
};

/**
 * Transform for an app's schema that includes `redisEnv.shape`: resolves the Redis target and the queue
 * prefix of the mode, and reports on `ctx` a cluster prefix without a hash tag and a TLS contradiction.
 * `z.object({ ...commonEnv.shape, ...redisEnv.shape }).transform(withRedisSection)`
 */
export function withRedisSection<T extends RedisEnv>(env: T, ctx: z.RefinementCtx): WithRedis<T> {
  const cluster = env.REDIS_CLUSTER_NODES;
  const prefix = env.QUEUE_PREFIX ?? (cluster ? DEFAULT_CLUSTER_QUEUE_PREFIX : DEFAULT_QUEUE_PREFIX);
  if (cluster && hashTagOf(prefix) === undefined)
    ctx.addIssue({
      code: "custom",
      path: ["QUEUE_PREFIX"],
      message:
        "in cluster mode (REDIS_CLUSTER_NODES) the prefix must contain a hash tag such as {ogs}, so that every key of a queue lands in one hash slot",
    });
  if (!cluster && env.REDIS_URL?.startsWith("rediss://") && env.REDIS_TLS === false)
    ctx.addIssue({
      code: "custom",
      path: ["REDIS_TLS"],
      message: "false contradicts REDIS_URL's rediss:// scheme (TLS); use redis:// for a plain connection",
    });
  const access: RedisAccess = {
    username: env.REDIS_USERNAME,
    password: env.REDIS_PASSWORD,
    tls: env.REDIS_TLS ?? false,
  };
  const redis: RedisTarget | undefined = cluster
    ? { ...access, clusterNodes: cluster }
    : env.REDIS_URL
      ? { ...access, url: env.REDIS_URL }
      : undefined;
  return { ...env, QUEUE_PREFIX: prefix, redis };
}
