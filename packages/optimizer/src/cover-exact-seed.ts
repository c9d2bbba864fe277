// An incumbent for the covering branch-and-bound when the demand dwarfs the first units (turnover caps):
// a vector that meets the root bound exactly, so the search can stop at the root.
//
// When every item's first unit together weighs less than E, the root's strong bound is
// ⌈E/g⌉·g − Σ dᵢ (g the gcd of the prices): every first unit taken, every further unit at cost = weight,
// and the weight rounded up to what the prices can make. A vector with kᵢ ≥ 1 everywhere (an item whose
// first move jumps a gap: the jump, or nothing without a discount) and Σ pᵢkᵢ = ⌈E/g⌉·g exactly attains
// it; so does one that leaves an item without a discount at 0, and that freedom helps hit the sum. Finding one is a bounded subset sum: the large part greedily (most expensive items first, a gap
// jumped whole), the rest exactly by a reachability table over the cheapest items. The table may need
// many items and up to two million g-units when most prices share a large factor and a few odd ones
// must fix the remainder (round lots, turnover caps). Money's residues (cover-residue-seed.ts) are tried
// first: where both find a fill they cost the same, the residues a fraction of the time, and they find the
// fills the table is too small for. It is only an incumbent — the branch-and-bound still proves the
// optimum — so failing to find one costs nothing but time.
import { allowedUnits, type CoverItem } from "./cover-bounds.js";
import { residueCoverSeed } from "./cover-residue-seed.js";

/** Items used by the exact table, and the largest table (in multiples of g) worth building. */
const TABLE_ITEMS = 96;
const TABLE_LIMIT = 2_000_000;

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));

/** Extras eᵢ ∈ [0, capᵢ] with Σ qᵢeᵢ = target (qᵢ, target in multiples of g), or undefined. */
function exactExtras(prices: number[], caps: number[], target: number): number[] | undefined {
  const from = new Int32Array(target + 1).fill(-1);
  from[0] = prices.length;
  const count = new Int32Array(target + 1);
  prices.forEach((q, i) => {
    count.fill(0);
    const cap = caps[i] as number;
    for (let v = q; v <= target; v += 1) {
      if (from[v] !== -1 || from[v - q] === -1) continue;
      const used = from[v - q] === i ? (count[v - q] as number) : 0;
      if (used >= cap) continue;
      from[v] = i;
      count[v] = used + 1;
    }
  });
  if (from[target] === -1) return undefined;
  const extras = prices.map(() => 0);
  for (let v = target; v > 0;) {
    const i = from[v] as number;
    extras[i] = (extras[i] as number) + 1;
    v -= prices[i] as number;
  }
  return extras;
}

/**
 * The fewest units the seed gives an item: its first unit; an item whose only move is the jump over its gap
 * takes all of it when that earns its discount, else nothing (without a discount its units cost what any
 * extra unit costs).
 */
const seedLeast = (item: CoverItem) => (allowedUnits(item, 1) ? 1 : item.discount === 0n ? 0 : item.maxUnits);

/** The most allowed units ≤ k (below a gap, its near edge). */
const allowedAtMost = (item: CoverItem, k: number) => (allowedUnits(item, k) ? k : (item.gapFrom as number) - 1);

/** How many more units the exact table may add to `units`: up to the gap's near edge, none past the gap. */
const tableRoom = (item: CoverItem, units: number) =>
  item.gapFrom === undefined ? item.maxUnits - units : Math.max(0, item.gapFrom - 1 - units);

/** Fills greedily down to about `keep`, then hits the rest exactly with the table; undefined if it cannot. */
function attempt(items: readonly CoverItem[], byPrice: number[], g: bigint, wanted: bigint, keep: bigint) {
  const units = items.map(seedLeast);
  let rest = wanted - items.reduce((sum, item, i) => sum + item.price * BigInt(units[i] as number), 0n);
  if (rest < 0n) return undefined;
  for (const i of byPrice) {
    const item = items[i] as CoverItem;
    const room = rest - keep;
    if (room <= 0n) break;
    const current = units[i] as number;
    // As many units as fit, or the whole jump over a gap when it fits.
    const target = allowedAtMost(item, Math.min(item.maxUnits, current + Number(room / item.price)));
    if (target <= current) continue;
    units[i] = target;
    rest -= BigInt(target - current) * item.price;
  }
  if (rest / g > BigInt(TABLE_LIMIT)) return undefined;
  const cheap = byPrice.slice(-TABLE_ITEMS);
  const extras = exactExtras(
    cheap.map((i) => Number((items[i] as CoverItem).price / g)),
    cheap.map((i) => tableRoom(items[i] as CoverItem, units[i] as number)),
    Number(rest / g),
  );
  if (!extras) return undefined;
  cheap.forEach((i, j) => {
    units[i] = (units[i] as number) + (extras[j] as number);
  });
  return units;
}

/**
 * Units with Σ pᵢkᵢ = ⌈demand/g⌉·g, every discounted item's first unit taken (kᵢ ≥ 1, or its jump), or
 * undefined when the first units alone cover the demand or none is found. An item without a discount may
 * be left at 0: its units all cost their weight, so the cost is the root bound's either way.
 */
export function exactCoverSeed(items: readonly CoverItem[], demand: bigint): number[] | undefined {
  const g = items.reduce((acc, item) => gcd(item.price, acc), 0n);
  if (g === 0n) return undefined;
  const wanted = ((demand + g - 1n) / g) * g;
  if (wanted < items.reduce((sum, item) => sum + item.price * BigInt(seedLeast(item)), 0n)) return undefined;
  return residueSeed(items, g, wanted) ?? tableSeed(items, g, wanted);
}

/**
 * The same fill when the first units alone cover the demand: the root bound is then the LP's break item,
 * which an exact fill sometimes meets too. The search usually ends within a few thousand nodes there, so
 * cover-knapsack.ts asks for this only once it has visited many.
 */
export function lateCoverSeed(items: readonly CoverItem[], demand: bigint): number[] | undefined {
  const g = items.reduce((acc, item) => gcd(item.price, acc), 0n);
  if (g === 0n) return undefined;
  const wanted = ((demand + g - 1n) / g) * g;
  if (wanted >= items.reduce((sum, item) => sum + item.price * BigInt(seedLeast(item)), 0n)) return undefined; // tried early
  return residueSeed(items, g, wanted);
}

/** The same by money's residues (cover-residue-seed.ts). */
function residueSeed(items: readonly CoverItem[], g: bigint, wanted: bigint): number[] | undefined {
  return residueCoverSeed(
    items,
    items.map((item) => (item.discount === 0n ? 0 : seedLeast(item))),
    g,
    wanted,
  );
}

/** The greedy part, then the bounded table of values. */
function tableSeed(items: readonly CoverItem[], g: bigint, wanted: bigint): number[] | undefined {
  const byPrice = items.map((_, i) => i).sort((a, b) => Number((items[b] as CoverItem).price - (items[a] as CoverItem).price)); // prettier-ignore
  // Leave the table a few times the price of its m-th cheapest item, m = 1, 2, 4, …: more room finds more sums.
  for (let m = 1; m <= Math.min(items.length, TABLE_ITEMS); m *= 2) {
    const keep = 4n * (items[byPrice[byPrice.length - m] as number] as CoverItem).price;
    if (keep / g > BigInt(TABLE_LIMIT)) break;
    const units = attempt(items, byPrice, g, wanted, keep);
    if (units) return units;
  }
  return undefined;
}
