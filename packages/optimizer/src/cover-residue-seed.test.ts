// The exact-hit seed by residues (cover-residue-seed.ts): every answer it gives hits the demand exactly
// with allowed units, it finds one where the value table could not (turnover caps over round lots with
// minimum-trade holes, README "Options benchmark"), and it lets the branch-and-bound stop at the root.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allowedUnits, type CoverItem } from "./cover-bounds.js";
import { exactCoverSeed } from "./cover-exact-seed.js";
import { solveCover } from "./cover-knapsack.js";
import { residueCoverSeed } from "./cover-residue-seed.js";

type RawItem = [
  price: string,
  discount: string,
  maxUnits: number,
  tradeWeight: number,
  gap?: [number, number] | null,
  tradeFree?: number,
];

/** A turnover search's cover problem: every unit given back is trade-free, tie-break weights ∝ prices. */
function turnoverProblem(raw: RawItem[], demand: string) {
  const items = raw.map(([price, discount, maxUnits, tradeWeight, gap, tradeFree]): CoverItem => {
    const item: CoverItem = { price: BigInt(price), discount: BigInt(discount), maxUnits, tradeFree: tradeFree ?? maxUnits, tradeWeight }; // prettier-ignore
    if (gap) [item.gapFrom, item.gapTo] = gap;
    return item;
  });
  return { items, demand: BigInt(demand) };
}

/**
 * "All together" at N = 10 of the options benchmark, instance #6 (reserve 2 %, restrictions, round lots,
 * minimum trade 0.05 %, turnover cap 2 %, 10 bps): the seven securities that give back toward their
 * holdings. Prices are in 10⁻⁵ cents times 0.999; five of them are whole multiples of 20 cents, so two
 * single-share prices (988.91 and 508.29) have to fix the cents over hundreds of units each.
 */
const ALL_TOGETHER_10_6 = turnoverProblem(
  [
    ["11616372000", "0", 204, 116280, [176, 203]],
    ["9478512000", "0", 673, 94880],
    ["7734258000", "1166302000", 230, 77420, [188, 229]],
    ["2137860000", "0", 658, 21400, [503, 657]],
    ["9879210900", "659619000", 497, 98891, [464, 496]],
    ["5077817100", "0", 426, 50829, [361, 425]],
    ["37692270000", "0", 56, 377300, [48, 55]],
  ],
  "9230078703978",
);

/** Instance #50 of the same set: round lots of 10 and 100 only, every price a whole number of cents. */
const ALL_TOGETHER_10_50 = turnoverProblem(
  [
    ["21478500000", "3917018000", 329, 215000, [313, 328]],
    ["19456524000", "0", 144, 194760, [127, 143]],
    ["5574420000", "0", 462, 55800, [401, 461]],
    ["12912075000", "9391316000", 149, 129250, [123, 148]],
    ["1428570000", "256267000", 996, 14300, [755, 995]],
    ["6161832000", "0", 134, 61680, [79, 133]],
    ["7680312000", "5188590000", 1022, 76880, [978, 1021]],
  ],
  "11326369706586",
);

/**
 * Instance #13 of the same set: a fill exists only with some security giving nothing back (its units
 * carry no discount, so that costs the same); the search used to visit 149,011 nodes to prove it.
 */
const ALL_TOGETHER_10_13 = turnoverProblem(
  [
    ["1863734400", "0", 28, 186560, [27, 27]],
    ["888091020", "0", 57, 88898, [55, 56]],
    ["212787000", "0", 220, 21300, [209, 219]],
    ["4469426100", "1949481000", 11, 447390, null, 12],
    ["177822000", "0", 48, 17800, [35, 47]],
    ["1423575000", "0", 18, 142500, [17, 17]],
    ["853146000", "0", 32, 85400, [30, 31]],
  ],
  "172370920536",
);

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));
const sumOf = (items: readonly CoverItem[], units: readonly number[]) =>
  items.reduce((sum, item, i) => sum + item.price * BigInt(units[i] as number), 0n);

describe("residueCoverSeed", () => {
  for (const [name, problem] of [
    ["#6", ALL_TOGETHER_10_6],
    ["#13", ALL_TOGETHER_10_13],
    ["#50", ALL_TOGETHER_10_50],
  ] as const) {
    it(`hits the rounded demand of 'all together' N = 10 ${name} exactly, so the search stops at the root`, () => {
      const g = problem.items.reduce((acc, item) => gcd(acc, item.price), 0n);
      const wanted = ((problem.demand + g - 1n) / g) * g;
      const units = exactCoverSeed(problem.items, problem.demand);
      expect(units).toBeDefined();
      expect(sumOf(problem.items, units as number[])).toBe(wanted);
      (units as number[]).forEach((k, i) => {
        const item = problem.items[i] as CoverItem;
        expect(k).toBeGreaterThanOrEqual(item.discount > 0n ? 1 : 0);
        expect(allowedUnits(item, k)).toBe(true);
      });
      // Before the residue seed these searches gave up after two million nodes (#6, #50) or took 149,011 (#13).
      const outcome = solveCover(problem, { nodeBudget: 100_000, deadline: Number.POSITIVE_INFINITY });
      expect(outcome).toMatchObject({ kind: "optimal", nodes: 1, cost: wanted - problem.items.reduce((s, i) => s + i.discount, 0n) }); // prettier-ignore
    });
  }

  /**
   * Round lots (prices a multiple of 10 or 100 cents), a few single shares with odd cents, some with a gap
   * before their last unit; the demand is what a random allowed vector of units adds up to, so an exact
   * fill always exists.
   */
  const shaped = fc
    .array(
      fc.record({
        cents: fc.integer({ min: 500, max: 60_000 }),
        lot: fc.constantFrom(1, 10, 10, 100, 100, 100),
        maxUnits: fc.integer({ min: 2, max: 400 }),
        gapShare: fc.option(fc.integer({ min: 1, max: 90 }), { freq: 2 }),
        pick: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
      { minLength: 3, maxLength: 40 },
    )
    .map((drawn) => {
      const items = drawn.map((d): CoverItem => {
        const item: CoverItem = { price: BigInt(d.cents * d.lot), discount: 0n, maxUnits: d.maxUnits, tradeFree: d.maxUnits }; // prettier-ignore
        const gapFrom = Math.max(2, Math.floor((d.maxUnits * (d.gapShare ?? 0)) / 100));
        if (d.gapShare !== null && gapFrom < d.maxUnits) [item.gapFrom, item.gapTo] = [gapFrom, d.maxUnits - 1];
        return item;
      });
      const units = drawn.map((d, i) => {
        const item = items[i] as CoverItem;
        const k = Math.max(1, Math.round(d.pick * item.maxUnits));
        return allowedUnits(item, k) ? k : item.maxUnits;
      });
      return { items, demand: sumOf(items, units) };
    });

  it("answers only allowed units of at least the fewest that hit the demand exactly, and finds most fills", () => {
    let found = 0;
    let runs = 0;
    fc.assert(
      fc.property(shaped, ({ items, demand }) => {
        const g = items.reduce((acc, item) => gcd(acc, item.price), 0n);
        const least = items.map(() => 1);
        const units = residueCoverSeed(items, least, g, demand);
        runs += 1;
        if (!units) return;
        found += 1;
        expect(sumOf(items, units)).toBe(demand);
        units.forEach((k, i) => {
          expect(Number.isInteger(k) && k >= 1 && k <= (items[i] as CoverItem).maxUnits).toBe(true);
          expect(allowedUnits(items[i] as CoverItem, k)).toBe(true);
        });
      }),
      { numRuns: 400, seed: 7 },
    );
    expect(found).toBeGreaterThan(runs * 0.9);
  }, 60_000);
});
