import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.js";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    service: "test",
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return { lines, logger };
}

describe(createLogger.name, () => {
  it("never carries one line's fields into the next (pino merges them into the mixin's object)", () => {
    const { lines, logger } = capture();
    logger.child({ request_id: "first" }).info({ outcome: "completed" }, "one");
    logger.info("two");
    expect(lines[0]).toMatchObject({ request_id: "first", outcome: "completed", msg: "one", service: "test" });
    expect(lines[1]).not.toHaveProperty("request_id");
    expect(lines[1]).not.toHaveProperty("outcome");
  });

  it("writes no trace fields while tracing is off", () => {
    const { lines, logger } = capture();
    logger.info("line");
    expect(lines[0]).not.toHaveProperty("trace_id");
  });
});
