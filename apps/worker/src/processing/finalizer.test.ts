import { describe, expect, it } from "vitest";
import { finalStatus } from "./finalizer.js";

const progress = (
  p: Partial<Record<"queued" | "running" | "completed" | "infeasible" | "failed" | "cancelled", number>>,
) => ({
  queued: 0,
  running: 0,
  completed: 0,
  infeasible: 0,
  failed: 0,
  cancelled: 0,
  ...p,
});

describe(finalStatus.name, () => {
  it("is completed when every portfolio was solved", () => {
    expect(finalStatus(progress({ completed: 3 }), 3, false)).toBe("completed");
  });
  it("is completed_with_errors when some are infeasible or failed", () => {
    expect(finalStatus(progress({ completed: 2, infeasible: 1 }), 3, false)).toBe("completed_with_errors");
    expect(finalStatus(progress({ completed: 1, failed: 2 }), 3, false)).toBe("completed_with_errors");
  });
  it("is failed when none was solved", () => {
    expect(finalStatus(progress({ infeasible: 3 }), 3, false)).toBe("failed");
  });
  it("is failed after fail-fast even if some portfolios were solved", () => {
    expect(finalStatus(progress({ completed: 2, failed: 1, cancelled: 5 }), 8, true)).toBe("failed");
  });
});
