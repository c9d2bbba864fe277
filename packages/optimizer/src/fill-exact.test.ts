// The exact fill (fill-exact.ts) and the largest fill (fill-table.ts) against brute force over small items.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exactFill, type FillItem, type FillPick, type ValueRun } from "./fill-exact.js";
import { largestFill } from "./fill-table.js";

const run = fc.record({
  from: fc.integer({ min: 0, max: 60 }).map(BigInt),
  step: fc.integer({ min: 1, max: 9 }).map(BigInt),
  count: fc.integer({ min: 0, max: 6 }).map(BigInt),
});
const items = fc.array(
  fc.array(run, { minLength: 1, maxLength: 3 }).map((runs): FillItem => ({ runs })),
  { minLength: 1, maxLength: 4 },
);

/** Every value of an item. */
const valuesOf = (item: FillItem) =>
  item.runs.flatMap((r) => Array.from({ length: Number(r.count) + 1 }, (_, j) => r.from + BigInt(j) * r.step));

/** Every reachable sum, by brute force. */
function sums(list: readonly FillItem[]): Set<bigint> {
  let reached = new Set([0n]);
  for (const item of list) {
    const next = new Set<bigint>();
    for (const s of reached) for (const v of valuesOf(item)) next.add(s + v);
    reached = next;
  }
  return reached;
}

const valueOf = (item: FillItem, pick: FillPick) => {
  const r = item.runs[pick.run] as ValueRun;
  expect(pick.index >= 0n && pick.index <= r.count).toBe(true);
  return r.from + pick.index * r.step;
};

describe("exactFill", () => {
  it("finds a choice summing to the target exactly when brute force says one exists", () => {
    fc.assert(
      fc.property(items, fc.integer({ min: 0, max: 300 }), (list, t) => {
        const target = BigInt(t);
        const outcome = exactFill(list, target, { nodeBudget: 1e9, deadline: performance.now() + 10_000 });
        expect(outcome.kind).toBe(sums(list).has(target) ? "found" : "none");
        if (outcome.kind !== "found") return;
        expect(list.reduce((sum, item, i) => sum + valueOf(item, outcome.picks[i] as FillPick), 0n)).toBe(target);
      }),
      { numRuns: 3_000, seed: 7 },
    );
  });

  it("gives up past its node budget rather than claim there is no fill", () => {
    const wide: FillItem[] = [3n, 5n, 7n, 11n].map((step) => ({ runs: [{ from: 0n, step, count: 50n }] }));
    // 1 is in range and residue (gcd 1) but not reachable: proving that takes more than one node.
    expect(exactFill(wide, 1n, { nodeBudget: 1, deadline: Infinity }).kind).toBe("gave-up");
    expect(exactFill(wide, 1n, { nodeBudget: 1e6, deadline: Infinity }).kind).toBe("none");
  });
});

describe("largestFill", () => {
  it("finds the largest reachable sum at most the target, with picks that add up to it", () => {
    fc.assert(
      fc.property(items, fc.integer({ min: 0, max: 300 }), (list, t) => {
        const target = BigInt(t);
        const below = [...sums(list)].filter((s) => s <= target);
        const outcome = largestFill(list, target, 1 << 20);
        if (below.length === 0) return void expect(outcome.kind).toBe("none");
        expect(outcome.kind).toBe("found");
        if (outcome.kind !== "found") return;
        expect(outcome.sum).toBe(below.reduce((a, b) => (b > a ? b : a)));
        expect(list.reduce((sum, item, i) => sum + valueOf(item, outcome.picks[i] as FillPick), 0n)).toBe(outcome.sum);
      }),
      { numRuns: 3_000, seed: 8 },
    );
  });

  it("declines a table larger than its cap", () => {
    expect(largestFill([{ runs: [{ from: 0n, step: 1n, count: 10n }] }], 1000n, 100).kind).toBe("too-large");
  });
});
