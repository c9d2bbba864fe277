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

/**
 * "All together" at N = 100, instance #16: here the first units alone cover the demand, yet an exact fill
 * meets the root bound too; the search asks for it after 10,000 nodes (it used to visit 878,632).
 */
const ALL_TOGETHER_100_16 = turnoverProblem(
  [
    ["315374310000", "244886112000", 1, 3156900, null],
    ["320978700000", "164894312000", 1, 3213000, null],
    ["6037056900", "113468000", 61, 60431, [10, 60]],
    ["314335350000", "71342312000", 1, 3146500, null],
    ["37462500000", "1372624000", 20, 375000, [12, 19]],
    ["2587410000", "855468000", 202, 25900, [82, 201]],
    ["2237760000", "175512000", 177, 22400, [38, 176]],
    ["313186500000", "223812556000", 1, 3135000, null],
    ["314235450000", "309506312000", 1, 3145500, null],
    ["318712968000", "48745668000", 1, 3190320, null],
    ["323094582000", "283809512000", 1, 3234180, null],
    ["314045640000", "291509912000", 1, 3143600, null],
    ["679320000", "0", 541, 6800, [81, 540]],
    ["8171820000", "0", 44, 81800, [6, 43]],
    ["29663307000", "28683312000", 14, 296930, [4, 13]],
    ["327032640000", "154276068000", 1, 3273600, null],
    ["23966010000", "2338112000", 15, 239900, [2, 14]],
    ["313286400000", "296238156000", 1, 3136000, null],
    ["2137860000", "246468000", 181, 21400, [35, 180]],
    ["22850127000", "15421468000", 17, 228730, [4, 16]],
    ["10019970000", "0", 42, 100300, [11, 41]],
    ["317368813500", "263973156000", 1, 3176865, null],
    ["313586100000", "115341468000", 1, 3139000, null],
    ["7902090000", "0", 41, 79100, [2, 40]],
    ["36409554000", "0", 11, 364460, [3, 10]],
    ["1498500000", "0", 273, 15000, [65, 272]],
    ["316363320000", "105510468000", 1, 3166800, null],
    ["341988669000", "99708912000", 1, 3423310, null],
    ["314325360000", "135903512000", 1, 3146400, null],
    ["316003680000", "0", 1, 3163200, null],
    ["315940343400", "167731268000", 1, 3162566, null],
    ["313963722000", "291737356000", 1, 3142780, null],
    ["17322660000", "3490068000", 32, 173400, [14, 31]],
    ["4115880000", "0", 132, 41200, [56, 131]],
    ["339747912000", "150233112000", 1, 3400880, null],
    ["324395280000", "0", 1, 3247200, null],
    ["7423569000", "0", 47, 74310, [5, 46]],
    ["23277699000", "2818712000", 17, 233010, [4, 16]],
    ["312994692000", "74863112000", 1, 3133080, null],
    ["324475200000", "52650312000", 1, 3248000, null],
    ["17732250000", "0", 20, 177500, [3, 19]],
    ["10929060000", "0", 36, 109400, [8, 35]],
    ["11908080000", "0", 45, 119200, [19, 44]],
  ],
  "7158393928512",
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

  it("stops soon after the late seed where the first units alone cover the demand ('all together' N = 100 #16)", () => {
    const problem = ALL_TOGETHER_100_16;
    expect(exactCoverSeed(problem.items, problem.demand)).toBeUndefined();
    const outcome = solveCover(problem, { nodeBudget: 100_000, deadline: Number.POSITIVE_INFINITY });
    expect(outcome.kind).toBe("optimal");
    expect(outcome.nodes).toBeLessThan(20_000);
  });

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
