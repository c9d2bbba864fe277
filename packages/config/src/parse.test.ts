import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError, parseConfig } from "./parse.js";
import { commonEnv } from "./sections/common.js";
import { mongoEnv } from "./sections/mongo.js";
import { serverEnv } from "./sections/server.js";

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe(parseConfig.name, () => {
  it("reads DATABASE_NAME, the original's name, as MONGODB_DB when MONGODB_DB is unset", () => {
    expect(parseConfig(mongoEnv, { DATABASE_NAME: "prod" }).MONGODB_DB).toBe("prod");
  });

  it("reads DATABASE_URL, the original's name, as MONGODB_URL when MONGODB_URL is unset", () => {
    expect(parseConfig(mongoEnv, { DATABASE_URL: "mongodb://db:27017" }).MONGODB_URL).toBe("mongodb://db:27017");
  });

  it("accepts both names set to the same value", () => {
    expect(parseConfig(mongoEnv, { MONGODB_DB: "prod", DATABASE_NAME: "prod" }).MONGODB_DB).toBe("prod");
  });

  it("stops on both names set to different values, naming both", () => {
    expect(problemsOf(() => parseConfig(mongoEnv, { MONGODB_DB: "order_generation", DATABASE_NAME: "prod" }))).toEqual([
      'MONGODB_DB and DATABASE_NAME (the original service\'s name for it) are both set, to different values ("order_generation" and "prod"); set only one of them, or both to the same value',
    ]);
  });

  it("treats an empty alias as unset", () => {
    expect(parseConfig(mongoEnv, { MONGODB_DB: "ours", DATABASE_NAME: "" }).MONGODB_DB).toBe("ours");
  });

  it("names the alias when the value it supplied is bad", () => {
    expect(problemsOf(() => parseConfig(mongoEnv, { DATABASE_NAME: "no spaces please" }))).toEqual([
      'DATABASE_NAME (the original service\'s name for MONGODB_DB): expected 1-63 letters, digits, _ or - (got "no spaces please")',
    ]);
  });

  it("ignores the aliases of variables the process does not read", () => {
    const config = parseConfig(serverEnv, { MONGODB_DB: "a", DATABASE_NAME: "b", SECRET_KEY: "k" });
    expect(config).not.toHaveProperty("MONGODB_DB");
    expect(config).not.toHaveProperty("SECRET_KEY");
  });

  it("applies aliases through a schema piped into a transform", () => {
    const schema = mongoEnv.transform((env) => ({ database: env.MONGODB_DB }));
    expect(parseConfig(schema, { DATABASE_NAME: "prod" })).toEqual({ database: "prod" });
  });

  it("reports conflicts and bad values together", () => {
    const schema = z.object({ ...commonEnv.shape, ...mongoEnv.shape });
    const problems = problemsOf(() =>
      parseConfig(schema, { LOG_LEVEL: "LOUD", MONGODB_URL: "mongodb://a", DATABASE_URL: "mongodb://b" }),
    );
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^MONGODB_URL and DATABASE_URL .* \("mongodb:\/\/a" and "mongodb:\/\/b"\)/);
    expect(problems[1]).toMatch(/^LOG_LEVEL: /);
  });

  it("masks credentials in URLs and hides secret values in messages", () => {
    const problems = problemsOf(() =>
      parseConfig(mongoEnv, { MONGODB_URL: "mongodb://u:pw@a/", DATABASE_URL: "mongodb://u:other@b/" }),
    );
    expect(problems[0]).toContain('("mongodb://***@a/" and "mongodb://***@b/")');
    expect(problems[0]).not.toMatch(/pw|other/);
    const secret = problemsOf(() =>
      parseConfig(z.object({ ADMIN_PASSWORD: z.string().min(99) }), { ADMIN_PASSWORD: "hunter2" }),
    );
    expect(secret[0]).toMatch(/^ADMIN_PASSWORD: .*\(got <hidden>\)$/);
  });
});
