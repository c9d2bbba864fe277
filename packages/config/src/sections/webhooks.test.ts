import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../index.js";
import { webhooksEnv } from "./webhooks.js";

const SECRET = `whsec_${Buffer.alloc(32, 7).toString("base64")}`;

function problemsFor(env: Record<string, string>): string[] {
  try {
    parseConfig(webhooksEnv, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("webhooksEnv", () => {
  it("defaults to a 10 s timeout, the 24 h retry schedule and no allowed CIDRs", () => {
    const config = parseConfig(webhooksEnv, {});
    expect(config.WEBHOOK_TIMEOUT_MS).toBe(10_000);
    expect(config.WEBHOOK_RETRY_SCHEDULE).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000]);
    expect(config.WEBHOOK_ALLOWED_CIDRS).toEqual([]);
    expect(config.WEBHOOK_SECRET).toBeUndefined();
    expect(config.WEBHOOK_CONCURRENCY).toBe(16);
  });

  it("accepts a retry schedule with decimals and blanks around commas", () => {
    const config = parseConfig(webhooksEnv, { WEBHOOK_RETRY_SCHEDULE: "0.05, 0.2,1.5" });
    expect(config.WEBHOOK_RETRY_SCHEDULE).toEqual([0.05, 0.2, 1.5]);
  });

  it.each(["5,abc", "5,,-1", "1e3", "0", " , ", "5;300"])(
    "rejects the retry schedule %j naming the variable",
    (value) => {
      const problems = problemsFor({ WEBHOOK_RETRY_SCHEDULE: value });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^WEBHOOK_RETRY_SCHEDULE: /);
    },
  );

  it("parses allowed CIDRs of both families and normalises them", () => {
    const config = parseConfig(webhooksEnv, { WEBHOOK_ALLOWED_CIDRS: "127.0.0.0/8, ::1/128,10.1.0.0/16" });
    expect(config.WEBHOOK_ALLOWED_CIDRS).toEqual(["127.0.0.0/8", "::1/128", "10.1.0.0/16"]);
  });

  it.each(["127.0.0.1", "127.0.0.0/33", "localhost/8", "::1/129"])(
    "rejects the allowed CIDR %j naming the variable",
    (value) => {
      expect(problemsFor({ WEBHOOK_ALLOWED_CIDRS: value })[0]).toMatch(
        /^WEBHOOK_ALLOWED_CIDRS: expected comma-separated CIDRs/,
      );
    },
  );

  it("accepts a whsec_ secret and rejects a short or unprefixed one", () => {
    expect(parseConfig(webhooksEnv, { WEBHOOK_SECRET: SECRET }).WEBHOOK_SECRET).toBe(SECRET);
    expect(problemsFor({ WEBHOOK_SECRET: "whsec_c2hvcnQ=" })[0]).toMatch(
      /^WEBHOOK_SECRET: expected a key of at least 24 bytes/,
    );
    expect(problemsFor({ WEBHOOK_SECRET: Buffer.alloc(32).toString("base64") })[0]).toMatch(
      /^WEBHOOK_SECRET: expected whsec_/,
    );
  });
});
