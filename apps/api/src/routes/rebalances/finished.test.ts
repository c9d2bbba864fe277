import { describe, expect, it } from "vitest";
import { rebalanceFinished } from "./submit.js";

type State = { status: "queued" | "running" | "completed" | "failed"; failure: null; followUpPending: boolean };

const finishedWhen = (state: State | null) => rebalanceFinished({ state: () => Promise.resolve(state) })("r1");

describe("rebalanceFinished (the synchronous waiter's test)", () => {
  it("waits while the rebalance runs", async () => {
    expect(await finishedWhen({ status: "running", failure: null, followUpPending: false })).toBe(false);
  });

  it("waits for the finaliser's follow-up after the final status (model version and date, portfolio release)", async () => {
    expect(await finishedWhen({ status: "completed", failure: null, followUpPending: true })).toBe(false);
    expect(await finishedWhen({ status: "failed", failure: null, followUpPending: true })).toBe(false);
  });

  it("is finished once the follow-up ran, or when the rebalance is gone", async () => {
    expect(await finishedWhen({ status: "completed", failure: null, followUpPending: false })).toBe(true);
    expect(await finishedWhen(null)).toBe(true);
  });
});
