// The group bound (cover-group-bound.ts) against exhaustive enumeration: never above the least cost of
// any subtree, and the branch-and-bound with it from the root still finds the brute-force optimum.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allowedUnits, weightOf, type CoverItem } from "./cover-bounds.js";
import { createGroupBound } from "./cover-group-bound.js";
import { solveCover, type CoverProblem } from "./cover-knapsack.js";

const NO_LIMIT = { nodeBudget: Number.MAX_SAFE_INTEGER, deadline: Number.POSITIVE_INFINITY };

/** Every allowed vector of items from..end: its weight Σ pᵢkᵢ, cost and trade. */
function vectors(items: readonly CoverItem[], from: number): { weight: bigint; cost: bigint; trade: number }[] {
  let all = [{ weight: 0n, cost: 0n, trade: 0 }];
  for (const item of items.slice(from)) {
    const next: typeof all = [];
    for (const v of all)
      for (let k = 0; k <= item.maxUnits; k += 1) {
        if (!allowedUnits(item, k)) continue;
        next.push({
          weight: v.weight + item.price * BigInt(k),
          cost: v.cost + item.price * BigInt(k) - (k > 0 ? item.discount : 0n),
          trade: v.trade + weightOf(item) * Math.abs(k - item.tradeFree),
        });
      }
    all = next;
  }
  return all;
}

/** Least (cost, trade) of a cover by enumeration, or undefined when nothing covers. */
function bruteForce(problem: CoverProblem): { cost: bigint; trade: number } | undefined {
  let best: { cost: bigint; trade: number } | undefined;
  for (const v of vectors(problem.items, 0)) {
    if (v.weight < problem.demand) continue;
    if (!best || v.cost < best.cost || (v.cost === best.cost && v.trade < best.trade)) best = v;
  }
  return best && { cost: best.cost, trade: best.trade };
}

/**
 * The shape of N = 100 "all together" #24, scaled down: round lots whose prices share a coarse unit, a few
 * odd prices, large first-unit discounts and minimum-trade holes (the last step jumps to the holding), so
 * the sums of prices miss most residues and the optimum often lies a few units above the LP bound.
 */
const latticeCover = fc
  .record({
    g: fc.constantFrom(1, 3, 7),
    proportional: fc.boolean(),
    items: fc.array(
      fc.record({
        coarse: fc.integer({ min: 1, max: 9 }),
        odd: fc.constantFrom(0, 0, 0, 1, 3, 7),
        discountShare: fc.integer({ min: 0, max: 8 }),
        maxUnits: fc.integer({ min: 1, max: 5 }),
        gap: fc.boolean(),
        tradeFree: fc.integer({ min: -1, max: 6 }),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    demandShare: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
  })
  .map(({ g, proportional, items, demandShare }): CoverProblem => {
    const coverItems = items.map((item): CoverItem => {
      const price = BigInt(g * (10 * item.coarse + item.odd));
      const result: CoverItem = {
        price,
        discount: (price * BigInt(item.discountShare)) / 8n,
        maxUnits: item.maxUnits,
        // Turnover-shaped (trade-free at the last unit, weights proportional to the prices) or not.
        tradeFree: proportional ? item.maxUnits : item.tradeFree,
        tradeWeight: proportional ? Number(price) : 1,
      };
      if (item.gap && item.maxUnits > 2) {
        result.gapFrom = 2;
        result.gapTo = item.maxUnits - 1;
      }
      return result;
    });
    const capacity = coverItems.reduce((sum, item) => sum + Number(item.price) * item.maxUnits, 0);
    return { items: coverItems, demand: BigInt(Math.max(1, Math.floor(capacity * demandShare))) };
  });

const moduli = fc.constantFrom([2], [4], [5], [10], [1000]);

describe("group bound", () => {
  it("never exceeds the least cost of items j.. covering any R (every modulus, every subtree)", () => {
    fc.assert(
      fc.property(latticeCover, moduli, ({ items, demand }, chosen) => {
        const group = createGroupBound(items, demand, chosen);
        if (!group) return;
        for (let j = 0; j < items.length; j += 1) {
          const suffix = vectors(items, j).sort((a, b) => (a.weight < b.weight ? 1 : a.weight > b.weight ? -1 : 0));
          // Least cost among vectors weighing at least R, for R from the heaviest down.
          let least: bigint | undefined;
          let at = 0;
          const heaviest = (suffix[0] as { weight: bigint }).weight;
          for (let r = heaviest; r >= 1n; r -= 1n) {
            for (; at < suffix.length && (suffix[at] as { weight: bigint }).weight >= r; at += 1) {
              const cost = (suffix[at] as { cost: bigint }).cost;
              if (least === undefined || cost < least) least = cost;
            }
            expect(group.bound(j, r, 5n)).toBeLessThanOrEqual((least as bigint) + 5n);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it("with it from the root, the search finds the brute-force optimum (cost, then trade)", () => {
    let lifted = 0;
    fc.assert(
      fc.property(latticeCover, ({ items, demand }) => {
        if (createGroupBound(items, demand)) lifted += 1;
        const outcome = solveCover({ items, demand }, { ...NO_LIMIT, groupBoundAfter: 0 });
        const expected = bruteForce({ items, demand });
        if (!expected) return;
        expect(outcome.kind).toBe("optimal");
        if (outcome.kind !== "optimal") return;
        expect({ cost: outcome.cost, trade: outcome.trade }).toEqual(expected);
      }),
      { numRuns: 300 },
    );
    // The shape must exercise the bound: many covers have no exact fill at the LP bound.
    expect(lifted).toBeGreaterThan(30);
  });
});

/**
 * N = 100 "all together" #24 of the options benchmark (bench/solver-options-probe.ts --dump=100:24): a
 * turnover cover whose optimum lies 2g above the root bound. Rows: [tie-break weight (the price is 99,900
 * times it), discount, units, gap from, gap to]; every item trades nothing at its last unit.
 */
const INSTANCE_24: readonly (readonly number[])[] = [
  [207600, 0, 1],
  [53820, 4391292000, 5, 2, 4],
  [57700, 0, 6, 4, 5],
  [444900, 23104092000, 1],
  [243200, 0, 1],
  [59880, 0, 4, 2, 3],
  [171900, 17075528000, 2],
  [232200, 13169528000, 1],
  [181100, 0, 2],
  [57000, 1103292000, 6, 4, 5],
  [220200, 17626092000, 2],
  [198660, 0, 1],
  [37400, 0, 8, 4, 7],
  [77010, 4313292000, 4, 2, 3],
  [301800, 11767928000, 1],
  [468800, 44916328000, 1],
  [187020, 4504328000, 1],
  [189700, 0, 1],
  [186300, 15983292000, 1],
  [184970, 4403528000, 1],
  [226486, 0, 1],
  [26000, 0, 9, 3, 8],
  [178350, 0, 1],
  [98000, 0, 3, 2, 2],
  [171906, 8526364000, 1],
  [198310, 15872528000, 1],
  [212800, 8900892000, 1],
  [211200, 17405928000, 1],
  [239700, 19909528000, 1],
  [283200, 12705128000, 1],
  [30100, 0, 8, 3, 7],
  [175800, 9111728000, 1],
  [207000, 0, 1],
  [234540, 18274328000, 1],
  [87000, 4421292000, 4, 3, 3],
  [69310, 0, 4, 2, 3],
  [181300, 12951764000, 1],
  [205620, 0, 1],
  [215300, 4298292000, 1],
  [218600, 0, 1],
  [10600, 0, 24, 9, 23],
  [174900, 9483964000, 1],
  [243530, 3023328000, 1],
  [220550, 21966764000, 1],
];
const cover24: CoverProblem = {
  demand: 651365754228n,
  items: INSTANCE_24.map(([weight, discount, units, gapFrom, gapTo]) => {
    const item: CoverItem = {
      price: BigInt(weight as number) * 99900n,
      discount: BigInt(discount as number),
      maxUnits: units as number,
      tradeFree: units as number,
      tradeWeight: weight,
    };
    if (gapFrom !== undefined) Object.assign(item, { gapFrom, gapTo });
    return item;
  }),
};
/** The optimum the search without the group bound proves in 464,750 nodes. */
const OPTIMUM_24 = { cost: 322155833800n, trade: 4722960 };

describe("N = 100 #24 (no exact fill; the optimum 2g above the root bound)", () => {
  it("the group bound lifts the root bound by 2g, onto the optimum", () => {
    const group = createGroupBound(cover24.items, cover24.demand);
    expect(group?.unit).toBe(199800n);
    expect(group?.rootLift).toBe(2n * 199800n);
  });

  it("the search stops within a few thousand nodes with the optimum", () => {
    const outcome = solveCover(cover24, NO_LIMIT);
    expect(outcome.kind).toBe("optimal");
    if (outcome.kind !== "optimal") return;
    expect({ cost: outcome.cost, trade: outcome.trade }).toEqual(OPTIMUM_24);
    expect(outcome.nodes).toBeLessThan(3000);
  });
});
