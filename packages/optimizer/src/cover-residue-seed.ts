// The exact-hit incumbent of cover-exact-seed.ts by money's residues (SPEC §5.1): turnover caps over round
// lots with minimum-trade holes (README "Why the general model was slow").
//
// There most prices share a large factor (a round lot of 100 shares costs a whole number of dimes or
// dollars) and only a few odd ones can fix the cents, so an exact sum Σ qᵢkᵢ = W (in multiples of g)
// needs those few to range over many units — far more than a table of values up to W's last two million
// g-units can hold. Residues need no such range (cover-residue-table.ts: the least value of extras that
// makes each residue modulo m). Two ways use them:
// - the split: the items whose price is a multiple of a coarser unit (whole dimes, dollars, ten dollars)
//   carry the bulk; the others first make the residue modulo that unit with the least value, then the
//   coarse items are filled the same way in their own unit (one level down, fillers only);
// - a filler f takes whatever multiple of its price qf is left: the large part is filled greedily, most
//   expensive items first, down to part of the filler's range, and the residue modulo qf is made with the
//   least value S by items kept out of the greedy part (or by the room it left), so f takes (rest − S)/qf.
// Every answer is checked whole in bigint before it is returned; it is only an incumbent (the
// branch-and-bound still proves the optimum), so failing costs only time.
import { allowedUnits, type CoverItem } from "./cover-bounds.js";
import { addExtras, leastByResidue, type ResidueTable } from "./cover-residue-table.js";

/** The modulus (a filler's price or a coarse unit, in g-units), and layers × modulus, at most. */
const MODULUS_LIMIT = 1 << 16;
const CELLS_LIMIT = 1 << 17;
/** Fillers tried, widest range of value first, and where in the filler's range the greedy part stops. */
const FILLERS = 2;
/** The coarser units tried by the split, in g-units: whole dimes, dollars, ten dollars when g is a cent. */
const SPLITS = [10n, 100n, 1000n];
/** Items kept out of the greedy part for the residue table. */
const RESERVED = 24;
/** Values stay exact doubles well inside 2^53. */
const SAFE_REST = 2n ** 45n;
const KEEP_SHARES: readonly [bigint, bigint][] = [
  [1n, 2n],
  [3n, 4n],
];

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const bigGcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : bigGcd(b, a % b));

/** The longest run of allowed counts from `least` on: up to the gap, or past it to the end. */
function fillerRange(item: CoverItem, least: number): [number, number] {
  if (item.gapFrom === undefined || least > (item.gapTo as number)) return [least, item.maxUnits];
  const below: [number, number] = [least, item.gapFrom - 1];
  const above: [number, number] = [(item.gapTo as number) + 1, item.maxUnits];
  return above[1] - above[0] > below[1] - below[0] ? above : below;
}

/** Extra units an item may add in one run from `units`: to the gap's near edge, or to the end past it. */
const runRoom = (item: CoverItem, units: number) =>
  item.gapFrom === undefined || units > (item.gapTo as number)
    ? item.maxUnits - units
    : Math.max(0, item.gapFrom - 1 - units);

/** The most allowed units ≤ k (below a gap, its near edge). */
const allowedAtMost = (item: CoverItem, k: number) => (allowedUnits(item, k) ? k : (item.gapFrom as number) - 1);

interface Filler {
  i: number;
  range: [number, number];
  q: bigint;
}

/** The shared facts of one seed: prices in g-units, the fewest units, the order of the greedy part. */
interface Context {
  items: readonly CoverItem[];
  least: readonly number[];
  prices: readonly bigint[];
  numbers: readonly number[];
  byPrice: readonly number[];
  rest0: bigint;
}

/** Units kᵢ ≥ least with Σ pᵢkᵢ = wanted (a multiple of g), or undefined when this method finds none. */
export function residueCoverSeed(
  items: readonly CoverItem[],
  least: readonly number[],
  g: bigint,
  wanted: bigint,
  depth = 1,
): number[] | undefined {
  const prices = items.map((item) => item.price / g);
  const rest0 = wanted / g - prices.reduce((sum, q, i) => sum + q * BigInt(least[i] as number), 0n);
  if (rest0 < 0n || wanted % g !== 0n || rest0 > SAFE_REST) return undefined;
  const byPrice = items.map((_, i) => i).sort((a, b) => Number((prices[b] as bigint) - (prices[a] as bigint)) || a - b); // prettier-ignore
  const context: Context = { items, least, prices, numbers: prices.map(Number), byPrice, rest0 };
  // The filler absorbs what the greedy part and the residue leave: the widest range of value is best.
  const fillers = items
    .map((item, i): Filler => ({ i, range: fillerRange(item, least[i] as number), q: prices[i] as bigint }))
    .filter(({ range, q }) => q <= BigInt(MODULUS_LIMIT) && range[1] > range[0])
    .sort((a, b) => Number(b.q * BigInt(b.range[1] - b.range[0]) - a.q * BigInt(a.range[1] - a.range[0])) || a.i - b.i) // prettier-ignore
    .slice(0, FILLERS);
  const split = depth > 0 ? splitByDecimals(context, wanted, depth) : undefined;
  if (split) return split;
  for (const filler of fillers) {
    const reserved = reservedFor(context, filler);
    const table = leastByResidue(Number(filler.q), context.numbers, rangesFrom(context, least), reserved);
    for (const share of KEEP_SHARES) {
      const keep = (BigInt(filler.range[1] - filler.range[0]) * filler.q * share[0]) / share[1];
      const greedy = fillGreedily(context, filler, keep, new Set(reserved));
      const reservedUnits = greedy && finish(context, filler, greedy, table);
      if (reservedUnits && exact(items, reservedUnits, wanted)) return reservedUnits;
      // The reserved items last: the greedy part reaches them only when the others cannot carry the bulk.
      const deferred = greedy && fillGreedily(context, filler, keep, new Set(), greedy);
      const deferredUnits = deferred && finish(context, filler, deferred, undefined);
      if (deferredUnits && exact(items, deferredUnits, wanted)) return deferredUnits;
    }
  }
  return undefined;
}

/**
 * Money's decimals, split: the items whose price is a multiple of d g-units (a round lot's whole dimes or
 * dollars) carry the bulk, filled one level down in their own coarser unit, once the others have made the
 * residue modulo that unit with the least value.
 */
function splitByDecimals(context: Context, wanted: bigint, depth: number): number[] | undefined {
  const { items, least, numbers } = context;
  for (const d of SPLITS) {
    const coarse = items.map((_, i) => i).filter((i) => (context.prices[i] as bigint) % d === 0n);
    const fine = items.map((_, i) => i).filter((i) => (context.prices[i] as bigint) % d !== 0n);
    if (coarse.length === 0 || fine.length === 0) continue;
    const unit = coarse.reduce((acc, i) => bigGcd(acc, context.prices[i] as bigint), 0n);
    if (unit > BigInt(MODULUS_LIMIT)) continue;
    const m = Number(unit);
    const indices = fine.slice(0, Math.floor(CELLS_LIMIT / m));
    const residues = leastByResidue(m, numbers, rangesFrom(context, least), indices);
    const value = residues.least[Number(context.rest0 % unit)] as number;
    if (!Number.isFinite(value) || BigInt(value) > context.rest0) continue;
    const units = least.slice();
    if (!addExtras(residues, Number(context.rest0 % unit), units)) continue;
    const fixed = fine.reduce((sum, i) => sum + (items[i] as CoverItem).price * BigInt(units[i] as number), 0n);
    const coarseItems = coarse.map((i) => items[i] as CoverItem);
    const coarseLeast = coarse.map((i) => least[i] as number);
    const coarseUnit = coarseItems.reduce((acc, item) => bigGcd(acc, item.price), 0n);
    const filled = residueCoverSeed(coarseItems, coarseLeast, coarseUnit, wanted - fixed, depth - 1);
    if (!filled) continue;
    coarse.forEach((i, k) => {
      units[i] = filled[k] as number;
    });
    if (exact(items, units, wanted) && units.every((k, i) => k >= (least[i] as number))) return units;
  }
  return undefined;
}

/** Room from the given units for every item (its run to the gap's near edge, or to the end). */
const rangesFrom = (context: Context, units: readonly number[]) =>
  context.items.map((item, i) => runRoom(item, units[i] as number));

/**
 * The items kept out of the greedy part for the residue table: those whose price modulo the filler's
 * reaches the most residues (the smallest gcd with it), cheapest first, as many as the table's cells allow.
 */
function reservedFor(context: Context, filler: Filler): number[] {
  const m = Number(filler.q);
  const rooms = rangesFrom(context, context.least);
  const spread = (i: number) => gcd((context.numbers[i] as number) % m, m);
  return context.byPrice
    .filter((i) => i !== filler.i && (rooms[i] as number) > 0 && (context.numbers[i] as number) % m !== 0)
    .sort((a, b) => spread(a) - spread(b) || (context.numbers[a] as number) - (context.numbers[b] as number) || a - b) // prettier-ignore
    .slice(0, Math.min(RESERVED, Math.floor(CELLS_LIMIT / m)));
}

/** The filler at the low end of its range, the other items filled most expensive first down to `keep`. */
function fillGreedily(
  context: Context,
  filler: Filler,
  keep: bigint,
  reserved: Set<number>,
  from?: { units: number[]; rest: bigint },
) {
  const units = from ? from.units.slice() : context.least.slice();
  const [low] = filler.range;
  units[filler.i] = low;
  let rest = from ? from.rest : context.rest0 - filler.q * BigInt(low - (context.least[filler.i] as number));
  if (rest < 0n) return undefined;
  for (const i of context.byPrice) {
    const room = rest - keep;
    if (room <= 0n) break;
    if (i === filler.i || reserved.has(i)) continue;
    const item = context.items[i] as CoverItem;
    const q = context.prices[i] as bigint;
    const current = units[i] as number;
    const target = allowedAtMost(item, Math.min(item.maxUnits, current + Number(room / q)));
    if (target <= current) continue;
    units[i] = target;
    rest -= BigInt(target - current) * q;
  }
  return { units, rest };
}

/**
 * Makes the residue with the least value (from the reserved items' table, or a table of the room the
 * greedy part left) and gives the filler the rest; undefined when the filler's range cannot take it.
 */
function finish(
  context: Context,
  filler: Filler,
  greedy: { units: number[]; rest: bigint },
  table: ResidueTable | undefined,
): number[] | undefined {
  const { units, rest } = greedy;
  const m = Number(filler.q);
  const [low, high] = filler.range;
  let residues = table;
  if (!residues) {
    const rooms = rangesFrom(context, units);
    const indices = context.byPrice
      .filter((i) => i !== filler.i && (rooms[i] as number) > 0 && (context.numbers[i] as number) % m !== 0)
      .slice(-Math.floor(CELLS_LIMIT / m));
    residues = leastByResidue(m, context.numbers, rooms, indices);
  }
  const residue = Number(rest % filler.q);
  const value = residues.least[residue] as number;
  const left = Number(rest) - value;
  if (!Number.isFinite(value) || left < 0 || left % m !== 0 || left / m > high - low) return undefined;
  const result = units.slice();
  result[filler.i] = low + left / m;
  return addExtras(residues, residue, result) ? result : undefined;
}

/** Whether the units are allowed and hit `wanted` exactly. */
function exact(items: readonly CoverItem[], units: readonly number[], wanted: bigint): boolean {
  let sum = 0n;
  for (const [i, item] of items.entries()) {
    const k = units[i] as number;
    if (!Number.isSafeInteger(k) || k < 0 || k > item.maxUnits || !allowedUnits(item, k)) return false;
    sum += item.price * BigInt(k);
  }
  return sum === wanted;
}
