import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { captureLogs as capture } from "@ogs/test-support";
import { closeWithin, type CloseStep } from "./close-steps.js";

const never = () => new Promise<void>(() => undefined);
const after = (ms: number) => () => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Settles `work` while the fake clock moves `ms` forward; returns what it resolved with, or "pending". */
async function within<T>(work: Promise<T>, ms: number): Promise<T | "pending"> {
  let result: T | "pending" = "pending";
  void work.then((value) => (result = value));
  await vi.advanceTimersByTimeAsync(ms);
  return result;
}

describe(closeWithin.name, () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("gives up at the one deadline when every step hangs, naming each step that did not finish", async () => {
    const { lines, logger } = capture();
    const names = ["queues", "flow producer", "redis", "mongodb", "solver pool", "clients", "ops server", "telemetry"];
    const steps: CloseStep[] = names.map((name) => ({
      name,
      close: never,
      ...(name === "redis" ? { after: ["queues", "flow producer"] } : {}),
    }));
    const closing = closeWithin(steps, 8_000, logger);
    expect(await within(closing, 7_999)).toBe("pending");
    expect(await within(closing, 1)).toBe("timeout");
    const overruns = lines.filter(
      (line) => line.msg === "shutdown step did not finish by the deadline; exiting without it",
    );
    expect(overruns.map((line) => line.step)).toEqual(names);
    expect(overruns.find((line) => line.step === "redis")).toMatchObject({ state: "not started", deadline_ms: 8_000 });
    expect(overruns.find((line) => line.step === "mongodb")).toMatchObject({ state: "running" });
  });

  it("runs independent steps at once, so the whole takes as long as the slowest step", async () => {
    const { lines, logger } = capture();
    const steps: CloseStep[] = ["a", "b", "c", "d"].map((name) => ({ name, close: after(3_000) }));
    expect(await within(closeWithin(steps, 8_000, logger), 3_000)).toBe("done");
    expect(lines).toEqual([]);
  });

  it("starts a step once the steps it follows have settled, failed ones included", async () => {
    const { lines, logger } = capture();
    const started: string[] = [];
    const steps: CloseStep[] = [
      { name: "queues", close: after(1_000) },
      { name: "events", close: () => Promise.reject(new Error("connection reset")) },
      {
        name: "redis",
        after: ["queues", "events"],
        close: () => {
          started.push("redis");
          return Promise.resolve();
        },
      },
    ];
    const closing = closeWithin(steps, 8_000, logger);
    expect(await within(closing, 999)).toBe("pending");
    expect(started).toEqual([]);
    expect(await within(closing, 1)).toBe("done");
    expect(started).toEqual(["redis"]);
    expect(lines).toEqual([expect.objectContaining({ step: "events", msg: "shutdown step failed" })]);
  });

  it("refuses a step that follows one not listed before it", async () => {
    const { logger } = capture();
    await expect(closeWithin([{ name: "redis", after: ["queues"], close: never }], 1_000, logger)).rejects.toThrow(
      /"queues", which is not listed before it/,
    );
  });
});
