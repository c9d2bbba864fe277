import { describe, expect, it } from "vitest";
import { emptyProgress, settledStatus, type Progress } from "./record.js";

const progress = (p: Partial<Progress>): Progress => ({ ...emptyProgress(), ...p });

describe(settledStatus.name, () => {
  it("is completed when every portfolio was solved", () => {
    expect(settledStatus(progress({ completed: 3 }), 3, false)).toBe("completed");
  });
  it("is completed_with_errors when some are infeasible or failed", () => {
    expect(settledStatus(progress({ completed: 2, infeasible: 1 }), 3, false)).toBe("completed_with_errors");
    expect(settledStatus(progress({ completed: 1, failed: 2 }), 3, false)).toBe("completed_with_errors");
  });
  it("is failed when none was solved", () => {
    expect(settledStatus(progress({ infeasible: 3 }), 3, false)).toBe("failed");
  });
  it("is failed after fail-fast even if some portfolios were solved", () => {
    expect(settledStatus(progress({ completed: 2, failed: 1, cancelled: 5 }), 8, true)).toBe("failed");
  });
});
