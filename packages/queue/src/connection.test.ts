import { Cluster, Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { createRedisConnection, describeRedisTarget, type RedisConnection } from "./connection.js";

// Nothing listens on port 1: the connections only try, and are closed after each test.
const opened: RedisConnection[] = [];
const open = (settings: Parameters<typeof createRedisConnection>[0]) => {
  const connection = createRedisConnection({ ...settings, onError: () => undefined });
  opened.push(connection);
  return connection;
};
afterEach(() => {
  opened.splice(0).forEach((connection) => connection.disconnect());
});

describe(createRedisConnection.name, () => {
  it("opens one Redis from a URL, filling in the password and TLS it does not give", () => {
    const sut = open({ url: "redis://127.0.0.1:1", password: "token", tls: true, role: "producer" });
    expect(sut).toBeInstanceOf(Redis);
    const options = (sut as Redis).options;
    expect(options).toMatchObject({ password: "token", tls: {}, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  });

  it("keeps the password written in REDIS_URL over REDIS_PASSWORD", () => {
    const sut = open({ url: "redis://:from-url@127.0.0.1:1", password: "token", role: "worker" }) as Redis;
    expect(sut.options.password).toBe("from-url");
    expect(sut.options.maxRetriesPerRequest).toBeNull();
  });

  it("takes the credentials field by field: what REDIS_URL leaves out comes from REDIS_USERNAME/REDIS_PASSWORD", () => {
    const onlyPassword = open({ url: "redis://:from-url@127.0.0.1:1/2", username: "acl", role: "worker" }) as Redis;
    expect(onlyPassword.options).toMatchObject({ username: "acl", password: "from-url", db: 2, port: 1 });
    const onlyUser = open({ url: "redis://from-url@127.0.0.1:1", password: "token", role: "worker" }) as Redis;
    expect(onlyUser.options).toMatchObject({ username: "from-url", password: "token" });
    const both = open({ url: "redis://u%40x:p%3Aw@127.0.0.1:1", username: "acl", password: "token", role: "worker" });
    expect((both as Redis).options).toMatchObject({ username: "u@x", password: "p:w" });
  });

  it("opens a cluster client from seed nodes, with credentials and TLS for every node", () => {
    const sut = open({
      clusterNodes: [
        { host: "127.0.0.1", port: 1 },
        { host: "::1", port: 1 },
      ],
      username: "ogs",
      password: "token",
      tls: true,
      role: "producer",
      name: "ogs-api",
    });
    expect(sut).toBeInstanceOf(Cluster);
    const options = (sut as Cluster).options;
    expect(options.redisOptions).toMatchObject({
      username: "ogs",
      password: "token",
      tls: {},
      connectionName: "ogs-api",
      maxRetriesPerRequest: 1,
    });
    // A producer fails fast while no node is reachable, as with one Redis.
    expect(options.enableOfflineQueue).toBe(false);
    // With TLS, host names are not resolved first, so certificates are checked against them.
    const resolved: string[] = [];
    options.dnsLookup?.("node-0.cache.internal", (_error, address) => resolved.push(address));
    expect(resolved).toEqual(["node-0.cache.internal"]);
  });

  it("gives a worker's cluster client what BullMQ requires for blocking commands", () => {
    const sut = open({ clusterNodes: [{ host: "127.0.0.1", port: 1 }], role: "worker" }) as Cluster;
    expect(sut.options.redisOptions?.maxRetriesPerRequest).toBeNull();
    expect(sut.options.enableOfflineQueue).toBe(true);
    expect(sut.options.redisOptions?.tls).toBeUndefined();
  });
});

describe(describeRedisTarget.name, () => {
  it("hides the credentials of a URL", () => {
    expect(describeRedisTarget({ url: "rediss://user:secret@cache:6380/0" })).toBe("rediss://***@cache:6380/0");
  });

  it("lists a cluster's seeds", () => {
    expect(
      describeRedisTarget({
        clusterNodes: [
          { host: "redis-0", port: 6379 },
          { host: "::1", port: 7000 },
        ],
        password: "secret",
      }),
    ).toBe("Redis Cluster (seeds redis-0:6379,[::1]:7000)");
  });
});
