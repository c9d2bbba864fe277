import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../index.js";
import { hashTagOf, parseClusterNodes, redisEnv, withRedisSection } from "./redis.js";

const schema = redisEnv.transform(withRedisSection);

function problemsFor(env: Record<string, string>): string[] {
  try {
    parseConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe(parseClusterNodes.name, () => {
  it("reads host:port seeds separated by commas, blanks ignored, IPv6 in brackets", () => {
    expect(parseClusterNodes(" redis-0.redis:6379, 10.0.0.2:7001 ,[::1]:7002")).toEqual([
      { host: "redis-0.redis", port: 6379 },
      { host: "10.0.0.2", port: 7001 },
      { host: "::1", port: 7002 },
    ]);
  });

  it.each(["redis-0", "redis-0:", ":6379", "redis-0:0", "redis-0:65536", "redis://redis-0:6379", "a b:1", " , "])(
    "rejects %j",
    (text) => {
      expect(typeof parseClusterNodes(text)).toBe("string");
    },
  );
});

describe(hashTagOf.name, () => {
  it.each([
    ["{ogs}", "ogs"],
    ["{ogs}-blue", "ogs"],
    ["tenant{a}{b}", "a"],
    ["ogs", undefined],
    ["{}ogs", undefined],
    ["}ogs{", undefined],
    ["{ogs", undefined],
    // Redis hashes the first `{` up to the first `}` after it: here that is empty, so the whole key.
    ["{}{ogs}", undefined],
  ])("finds the hash tag of %j: %j", (prefix, tag) => {
    expect(hashTagOf(prefix)).toBe(tag);
  });
});

describe(withRedisSection.name, () => {
  it("uses REDIS_URL with the prefix ogs when no cluster is configured", () => {
    const config = parseConfig(schema, { REDIS_URL: "redis://cache:6379" });
    expect(config.redis).toEqual({ url: "redis://cache:6379", username: undefined, password: undefined, tls: false });
    expect(config.QUEUE_PREFIX).toBe("ogs");
  });

  it("has no target when neither REDIS_URL nor REDIS_CLUSTER_NODES is set (the launcher starts Redis)", () => {
    const config = parseConfig(schema, {});
    expect(config.redis).toBeUndefined();
    expect(config.QUEUE_PREFIX).toBe("ogs");
  });

  it("switches to the cluster with the {ogs} prefix, REDIS_CLUSTER_NODES winning over REDIS_URL", () => {
    const config = parseConfig(schema, {
      REDIS_URL: "redis://cache:6379",
      REDIS_CLUSTER_NODES: "redis-0:6379,redis-1:6379",
      REDIS_USERNAME: "ogs",
      REDIS_PASSWORD: "s3cret",
      REDIS_TLS: "true",
    });
    expect(config.redis).toEqual({
      clusterNodes: [
        { host: "redis-0", port: 6379 },
        { host: "redis-1", port: 6379 },
      ],
      username: "ogs",
      password: "s3cret",
      tls: true,
    });
    expect(config.QUEUE_PREFIX).toBe("{ogs}");
  });

  it("keeps a configured prefix that carries a hash tag in cluster mode", () => {
    const config = parseConfig(schema, { REDIS_CLUSTER_NODES: "redis-0:6379", QUEUE_PREFIX: "{ogs-blue}" });
    expect(config.QUEUE_PREFIX).toBe("{ogs-blue}");
  });

  it("accepts a hash-tagged prefix on one Redis too (so it can be set before moving to a cluster)", () => {
    expect(parseConfig(schema, { REDIS_URL: "redis://cache:6379", QUEUE_PREFIX: "{ogs}" }).QUEUE_PREFIX).toBe("{ogs}");
  });

  it.each(["ogs", "{}ogs", "ogs}{"])("refuses the prefix %j in cluster mode, naming QUEUE_PREFIX", (prefix) => {
    const problems = problemsFor({ REDIS_CLUSTER_NODES: "redis-0:6379", QUEUE_PREFIX: prefix });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^QUEUE_PREFIX: in cluster mode \(REDIS_CLUSTER_NODES\) the prefix must contain a hash tag/,
    );
    expect(problems[0]).toContain(JSON.stringify(prefix));
  });

  it("names REDIS_CLUSTER_NODES when a seed is not host:port", () => {
    const problems = problemsFor({ REDIS_CLUSTER_NODES: "redis-0:6379,redis-1" });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^REDIS_CLUSTER_NODES: expected host:port pairs .*"redis-1"/);
  });

  it("refuses REDIS_TLS=false with a rediss:// URL", () => {
    const problems = problemsFor({ REDIS_URL: "rediss://cache:6380", REDIS_TLS: "false" });
    expect(problems).toEqual([expect.stringMatching(/^REDIS_TLS: false contradicts REDIS_URL's rediss:\/\//)]);
  });

  it("never prints REDIS_PASSWORD", () => {
    const problems = problemsFor({ REDIS_PASSWORD: "x".repeat(5000) });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^REDIS_PASSWORD: .*<hidden>/);
  });
});
