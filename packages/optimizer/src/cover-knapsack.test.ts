// The covering branch-and-bound against exhaustive enumeration of its own problem.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Dec } from "@ogs/domain";
import { allowedUnits, weightOf } from "./cover-bounds.js";
import { solveCover, type CoverItem, type CoverProblem } from "./cover-knapsack.js";
import { coverProblemOf } from "./cover-from-reduced.js";

const NO_LIMIT = { nodeBudget: Number.MAX_SAFE_INTEGER, deadline: Number.POSITIVE_INFINITY };

/** Least (cost, trade) over every allowed vector 0 ≤ kᵢ ≤ mᵢ (outside any gap) that covers the demand, by brute force. */
function enumerate(problem: CoverProblem): { cost: bigint; trade: number } | undefined {
  let best: { cost: bigint; trade: number } | undefined;
  const units: number[] = [];
  const visit = (i: number) => {
    if (i === problem.items.length) {
      let weight = 0n;
      let cost = 0n;
      let trade = 0;
      problem.items.forEach((item, j) => {
        const k = units[j] as number;
        weight += item.price * BigInt(k);
        cost += item.price * BigInt(k) - (k > 0 ? item.discount : 0n);
        trade += weightOf(item) * Math.abs(k - item.tradeFree);
      });
      if (weight < problem.demand) return;
      if (!best || cost < best.cost || (cost === best.cost && trade < best.trade)) best = { cost, trade };
      return;
    }
    for (let k = 0; k <= (problem.items[i] as CoverItem).maxUnits; k += 1) {
      if (!allowedUnits(problem.items[i] as CoverItem, k)) continue;
      units[i] = k;
      visit(i + 1);
    }
  };
  visit(0);
  return best;
}

/** Prices from a small set (many ties), discounts from 0 to the whole price, up to 5 items. */
const coverProblem = fc
  .record({
    items: fc.array(
      fc.record({
        price: fc.constantFrom(3, 4, 6, 10, 11),
        discountShare: fc.integer({ min: 0, max: 4 }),
        maxUnits: fc.integer({ min: 1, max: 4 }),
        tradeFree: fc.integer({ min: -2, max: 5 }),
      }),
      { minLength: 1, maxLength: 5 },
    ),
    demand: fc.integer({ min: 1, max: 60 }),
  })
  .map(({ items, demand }) => ({
    demand: BigInt(demand),
    items: items.map((item) => ({
      price: BigInt(item.price),
      discount: (BigInt(item.price) * BigInt(item.discountShare)) / 4n,
      maxUnits: item.maxUnits,
      tradeFree: item.tradeFree,
    })),
  }));

/**
 * Items whose last step jumps a gap (a minimum-trade hole before the holding, turnover-search.ts): either
 * turnover-shaped (trade-free at the far end, tie-break weight proportional to the price — the shape whose
 * trade floor ends the search early) or with a random trade-free count and unit weights.
 */
const gappedProblem = fc
  .record({
    proportional: fc.boolean(),
    items: fc.array(
      fc.record({
        price: fc.constantFrom(3, 4, 6, 10, 11),
        discountShare: fc.integer({ min: 0, max: 4 }),
        before: fc.integer({ min: 0, max: 4 }),
        jump: fc.integer({ min: 1, max: 4 }),
        tradeFree: fc.integer({ min: -2, max: 8 }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    demand: fc.integer({ min: 1, max: 70 }),
  })
  .map(({ proportional, items, demand }) => ({
    demand: BigInt(demand),
    items: items.map((item): CoverItem => {
      const maxUnits = item.before + item.jump;
      const gapped: CoverItem = {
        price: BigInt(item.price),
        discount: (BigInt(item.price) * BigInt(item.discountShare)) / 4n,
        maxUnits,
        tradeFree: proportional ? maxUnits : item.tradeFree,
      };
      if (proportional) gapped.tradeWeight = 2 * item.price;
      if (item.jump > 1) {
        gapped.gapFrom = item.before + 1;
        gapped.gapTo = maxUnits - 1;
      }
      return gapped;
    }),
  }));

describe("solveCover", () => {
  it("never sells inside a gap, and finds the least cost, then trading, of the allowed covering vectors", () => {
    fc.assert(
      fc.property(gappedProblem, (problem) => {
        const expected = enumerate(problem);
        const outcome = solveCover(problem, NO_LIMIT);
        if (!expected) {
          expect(outcome.kind).toBe("gave-up");
          return;
        }
        expect(outcome.kind).toBe("optimal");
        if (outcome.kind !== "optimal") return;
        problem.items.forEach((item, i) => expect(allowedUnits(item, outcome.units[i] as number)).toBe(true));
        const weight = problem.items.reduce(
          (sum, item, i) => sum + item.price * BigInt(outcome.units[i] as number),
          0n,
        );
        expect(weight >= problem.demand).toBe(true);
        expect({ cost: outcome.cost, trade: outcome.trade }).toEqual(expected);
      }),
      { numRuns: 3000, seed: 8 },
    );
  });

  it("finds the least cost, then the least trading, of every covering vector", () => {
    fc.assert(
      fc.property(coverProblem, (problem) => {
        const expected = enumerate(problem);
        const outcome = solveCover(problem, NO_LIMIT);
        if (!expected) {
          expect(outcome.kind).toBe("gave-up");
          return;
        }
        expect(outcome.kind).toBe("optimal");
        if (outcome.kind !== "optimal") return;
        const weight = problem.items.reduce(
          (sum, item, i) => sum + item.price * BigInt(outcome.units[i] as number),
          0n,
        );
        expect(weight >= problem.demand).toBe(true);
        expect({ cost: outcome.cost, trade: outcome.trade }).toEqual(expected);
      }),
      { numRuns: 2000, seed: 7 },
    );
  });

  it("returns the same vector for the same input (deterministic tie-break)", () => {
    const tied: CoverProblem = {
      demand: 20n,
      items: [0, 1, 2, 3].map(() => ({ price: 10n, discount: 4n, maxUnits: 3, tradeFree: 1 })),
    };
    const first = solveCover(tied, NO_LIMIT);
    expect(first).toMatchObject({ kind: "optimal", units: [1, 1, 0, 0], cost: 12n, trade: 2 });
    expect(solveCover(tied, NO_LIMIT)).toEqual(first);
  });

  it("sells a free first unit after the demand is covered when that trades less", () => {
    const problem: CoverProblem = {
      demand: 5n,
      items: [
        { price: 5n, discount: 1n, maxUnits: 2, tradeFree: 0 },
        { price: 8n, discount: 8n, maxUnits: 2, tradeFree: 1 },
      ],
    };
    // The free unit of the second item covers the demand alone at cost 0 and trades nothing.
    expect(solveCover(problem, NO_LIMIT)).toMatchObject({ kind: "optimal", units: [0, 1], cost: 0n, trade: 0 });
    const covered: CoverProblem = {
      demand: 5n,
      items: [
        { price: 5n, discount: 5n, maxUnits: 1, tradeFree: 0 },
        { price: 8n, discount: 8n, maxUnits: 2, tradeFree: 1 },
      ],
    };
    expect(solveCover(covered, NO_LIMIT)).toMatchObject({ kind: "optimal", cost: 0n, trade: 0 });
  });

  it("covers with extra units when the first units are not enough", () => {
    // First units cover 17; one extra unit of the first item reaches 27 at cost 8 + 7 + 10.
    const problem: CoverProblem = {
      demand: 25n,
      items: [
        { price: 10n, discount: 2n, maxUnits: 3, tradeFree: 0 },
        { price: 7n, discount: 0n, maxUnits: 1, tradeFree: 0 },
      ],
    };
    expect(solveCover(problem, NO_LIMIT)).toMatchObject({ kind: "optimal", units: [2, 1], cost: 25n });
  });

  it("gives up when the node budget or the deadline runs out", () => {
    const problem: CoverProblem = {
      demand: 25n,
      items: [3n, 7n, 11n].map((price) => ({ price, discount: 1n, maxUnits: 5, tradeFree: 0 })),
    };
    expect(solveCover(problem, { nodeBudget: 1, deadline: Number.POSITIVE_INFINITY }).kind).toBe("gave-up");
    const many: CoverProblem = {
      demand: 100_000n,
      items: Array.from({ length: 40 }, (_, i) => ({
        price: BigInt(997 + 2 * i),
        discount: BigInt(i),
        maxUnits: 50,
        tradeFree: 0,
      })),
    };
    expect(solveCover(many, { nodeBudget: Number.MAX_SAFE_INTEGER, deadline: 0 }).kind).toBe("gave-up");
  });
});

describe("coverProblemOf", () => {
  const security = (price: string, overshoot: string) => ({
    index: 0,
    price: new Dec(price),
    maxReduction: new Dec(3),
    overshoot: new Dec(overshoot),
    tradeFreeReduction: new Dec(1),
  });

  it("scales every amount to exact integer units", () => {
    const cover = coverProblemOf({ securities: [security("12.5", "0.125")], excess: new Dec("3.0001"), scalePower: 0 });
    expect(cover).toEqual({ demand: 30001n, items: [{ price: 125000n, discount: 2500n, maxUnits: 3, tradeFree: 1 }] });
  });

  it("leaves a discount above the price, or share counts past 2^53, to HiGHS", () => {
    expect(coverProblemOf({ securities: [security("1", "0.6")], excess: new Dec(1), scalePower: 0 })).toBeUndefined();
    const huge = { ...security("1", "0.1"), maxReduction: new Dec(2).pow(52), tradeFreeReduction: new Dec(2).pow(52) };
    expect(coverProblemOf({ securities: [huge], excess: new Dec(1), scalePower: 0 })).toBeUndefined();
  });
});
