import { describe, expect, it } from "vitest";
import { commonEnv } from "./sections/common.js";
import { ConfigError, parseConfig } from "./parse.js";

const levelOf = (value?: string) => parseConfig(commonEnv, value === undefined ? {} : { LOG_LEVEL: value }).LOG_LEVEL;

describe("LOG_LEVEL", () => {
  it("defaults to info", () => {
    expect(levelOf()).toBe("info");
  });

  it.each([
    ["INFO", "info"],
    ["Debug", "debug"],
    ["warn", "warn"],
    ["ERROR", "error"],
    ["TRACE", "trace"],
    ["silent", "silent"],
  ])("accepts %j in any letter case as pino's %s", (value, level) => {
    expect(levelOf(value)).toBe(level);
  });

  it.each([
    ["WARNING", "warn"],
    ["warning", "warn"],
    ["CRITICAL", "fatal"],
    ["FATAL", "fatal"],
  ])("accepts the original's Python name %j as %s", (value, level) => {
    expect(levelOf(value)).toBe(level);
  });

  it("rejects an unknown level naming the variable and the value", () => {
    expect(() => levelOf("LOUD")).toThrow(ConfigError);
    try {
      levelOf("LOUD");
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent (any case; also WARNING, CRITICAL) (got "LOUD")',
      ]);
    }
  });
});
