import { describe, expect, it } from "vitest";
import { delayBeforeAttempt, maxAttempts, nextRetry, scheduleBackoff } from "./retry-schedule.js";

const DEFAULT = [5, 300, 1800, 7200, 18000, 36000, 36000];

describe(nextRetry.name, () => {
  it("waits the schedule's n-th delay after the n-th failed attempt", () => {
    expect(nextRetry(DEFAULT, 1)).toEqual({ exhausted: false, delay_ms: 5_000 });
    expect(nextRetry(DEFAULT, 2)).toEqual({ exhausted: false, delay_ms: 300_000 });
    expect(nextRetry(DEFAULT, 7)).toEqual({ exhausted: false, delay_ms: 36_000_000 });
  });

  it("is exhausted after the first attempt plus one retry per entry", () => {
    expect(maxAttempts(DEFAULT)).toBe(8);
    expect(nextRetry(DEFAULT, 8)).toEqual({ exhausted: true });
    expect(nextRetry([0.5], 2)).toEqual({ exhausted: true });
  });

  it("turns decimal seconds into whole milliseconds", () => {
    expect(nextRetry([0.05, 0.2], 1)).toEqual({ exhausted: false, delay_ms: 50 });
    expect(nextRetry([0.0015], 1)).toEqual({ exhausted: false, delay_ms: 2 });
  });
});

describe(delayBeforeAttempt.name, () => {
  it("is 0 before the first attempt and refuses attempts beyond the schedule", () => {
    expect(delayBeforeAttempt(DEFAULT, 1)).toBe(0);
    expect(delayBeforeAttempt(DEFAULT, 2)).toBe(5_000);
    expect(() => delayBeforeAttempt([1, 2], 4)).toThrow(RangeError);
  });
});

describe(scheduleBackoff.name, () => {
  it("gives BullMQ the same delay as nextRetry for each number of attempts made", () => {
    const backoff = scheduleBackoff(DEFAULT);
    for (let made = 1; made < maxAttempts(DEFAULT); made += 1) {
      expect(backoff(made)).toBe((nextRetry(DEFAULT, made) as { delay_ms: number }).delay_ms);
    }
  });
});
