// A lattice lower bound for the covering branch-and-bound of cover-knapsack.ts (SPEC §5.1): money's
// granularity, which the LP bound of cover-bounds.ts cannot see (README "Why the general model was slow").
//
// Items j.. cover R > 0 at cost C = W − Dⱼ + L, where W = Σ pᵢkᵢ ≥ R is the weight sold, Dⱼ = Σ dᵢ their
// discounts and L the discounts of the items left at 0. Every pᵢ is a multiple of g, so W ≥ R' = ⌈R/g⌉·g,
// and W − R' ≥ g·((W/g − R'/g) mod M) for any modulus M — a quantity that depends on the units only
// through their residues. So C ≥ R' − Dⱼ + min over allowed units of [g·((W/g − R'/g) mod M) + L]: Gomory's
// group relaxation, computed exactly by a table over the residues modulo M, one layer an item (the
// bounded change-making walk of cover-residue-table.ts, with L as the value). Where no sum of the prices
// lands on R' or a little above it without dropping a discount, the bound rises above the LP's — the
// cover whose optimum lies a few cents above the root bound is proven at once instead of by enumeration.
// Values are doubles, used only while every one (at most Σ dᵢ + g·M) is an exact integer below 2^52.
import type { CoverItem } from "./cover-bounds.js";

/** Moduli tried, in multiples of g, largest first (each divides the one before, so it is weaker). */
const MODULI = [10_000, 1000, 100, 10];
/** Items × modulus at most: the tables' memory and build time. */
const CELLS_LIMIT = 1 << 17;
const EXACT_LIMIT = 2 ** 52;

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));
const gcdNumber = (a: number, b: number): number => (b === 0 ? a : gcdNumber(b, a % b));

export interface GroupBound {
  /** A lower bound on the cost of items j.. (j < n) covering `uncovered` > 0, plus `cost`. */
  bound(j: number, uncovered: bigint, cost: bigint): bigint;
  /** g, the gcd of the prices; the modulus (in multiples of g); the lift over R' − D at the root. */
  unit: bigint;
  modulus: number;
  rootLift: bigint;
}

/** The runs of allowed unit counts k ≥ 1 of an item: below its gap and past it. */
function runsOf(item: CoverItem): [number, number][] {
  if (item.gapFrom === undefined) return [[1, item.maxUnits]];
  const runs: [number, number][] = [];
  if (item.gapFrom > 1) runs.push([1, item.gapFrom - 1]);
  if ((item.gapTo as number) < item.maxUnits) runs.push([(item.gapTo as number) + 1, item.maxUnits]);
  return runs;
}

/** next[s] = min(next[s], old[s − shift]) for every s, the index wrapping modulo m. */
function shiftMin(next: Float64Array, old: Float64Array, m: number, shift: number): void {
  for (let s = shift; s < m; s += 1) next[s] = Math.min(next[s] as number, old[s - shift] as number);
  for (let s = 0; s < shift; s += 1) next[s] = Math.min(next[s] as number, old[s - shift + m] as number);
}

/** Runs of at most this many unit counts are taken one count at a time (most items sell one unit). */
const SHORT_RUN = 4;

/**
 * One layer: next[s] = min(old[s] + d, min over allowed k ≥ 1 of old[s − k·q mod m]). A short run of unit
 * counts is taken count by count; along each cycle of the step q, a longer run [a, b] is a sliding window
 * of width b − a + 1 (a monotone queue).
 */
function layer(old: Float64Array, m: number, q: number, discount: number, runs: [number, number][]): Float64Array {
  const next = new Float64Array(m);
  for (let s = 0; s < m; s += 1) next[s] = (old[s] as number) + discount;
  const step = q % m;
  for (const [a, b] of runs)
    if (b - a < SHORT_RUN) for (let k = a; k <= b; k += 1) shiftMin(next, old, m, (k * step) % m);
  const long = runs.filter(([a, b]) => b - a >= SHORT_RUN);
  if (long.length === 0) return next;
  const length = m / gcdNumber(step, m);
  const queue = new Int32Array(2 * length);
  const values = new Float64Array(2 * length);
  for (let start = 0; start < m / length; start += 1) {
    for (const [a, b] of long) {
      const width = b - a + 1;
      if (width >= length) {
        // Every residue of the cycle is reachable: each position takes the cycle's least.
        let least = Number.POSITIVE_INFINITY;
        for (let j = 0, at = start; j < length; j += 1, at = (at + step) % m)
          least = Math.min(least, old[at] as number);
        for (let j = 0, at = start; j < length; j += 1, at = (at + step) % m) next[at] = Math.min(next[at] as number, least); // prettier-ignore
        continue;
      }
      // Position j of the cycle takes old at positions j − b .. j − a: y[u] = old at position u − b, and
      // out[j] = min of y[j .. j + width − 1].
      const shift = (((-b % length) + length) % length) * step;
      let head = 0;
      let tail = 0;
      for (let u = 0, at = (start + shift) % m; u < length + width - 1; u += 1, at = (at + step) % m) {
        values[u] = old[at] as number;
        while (tail > head && (values[queue[tail - 1] as number] as number) >= (values[u] as number)) tail -= 1;
        queue[tail++] = u;
        const j = u - width + 1;
        if (j < 0) continue;
        if ((queue[head] as number) < j) head += 1;
        const position = (start + ((j * step) % m)) % m;
        next[position] = Math.min(next[position] as number, values[queue[head] as number] as number);
      }
    }
  }
  return next;
}

/** lifted[ρ] = min over r of least[r] + g·((r − ρ) mod m): two passes round the cycle downward. */
function liftOf(least: Float64Array, m: number, g: number): Float64Array {
  const lifted = Float64Array.from(least);
  for (let pass = 0; pass < 2; pass += 1) {
    let above = lifted[0] as number; // lifted[ρ + 1], wrapping at the top
    for (let rho = m - 1; rho >= 0; rho -= 1) {
      above = Math.min(lifted[rho] as number, above + g);
      lifted[rho] = above;
    }
  }
  return lifted;
}

/** The residue tables of items j.. for every j, last item first (tables[j] over items j..n−1). */
function suffixTables(items: readonly CoverItem[], g: bigint, m: number): Float64Array[] {
  const mm = BigInt(m);
  let least: Float64Array = new Float64Array(m).fill(Number.POSITIVE_INFINITY);
  least[0] = 0;
  const tables: Float64Array[] = new Array<Float64Array>(items.length);
  for (let j = items.length - 1; j >= 0; j -= 1) {
    const item = items[j] as CoverItem;
    least = layer(least, m, Number((item.price / g) % mm), Number(item.discount), runsOf(item));
    tables[j] = least;
  }
  return tables;
}

/**
 * The group bound of `items` (in the search's order) for a search that must cover `demand`, with the
 * largest of `moduli` the cells allow; undefined when it would not lift the root above R' − D (or the
 * values could leave exact doubles), so the search keeps its plain bounds.
 */
export function createGroupBound(
  items: readonly CoverItem[],
  demand: bigint,
  moduli: readonly number[] = MODULI,
): GroupBound | undefined {
  const n = items.length;
  const g = items.reduce((acc, item) => gcd(item.price, acc), 0n);
  const modulus = moduli.find((m) => n * m <= CELLS_LIMIT);
  if (n === 0 || g === 0n || modulus === undefined) return undefined;
  const discounts = items.reduce((sum, item) => sum + item.discount, 0n);
  if (discounts + g * BigInt(modulus) >= BigInt(EXACT_LIMIT)) return undefined;
  const tables = suffixTables(items, g, modulus);
  // Each item's lift only when a node first asks for it: a bound that does not lift the root builds one.
  const lifts: (Float64Array | undefined)[] = new Array<Float64Array | undefined>(n);
  const discountLeft: bigint[] = new Array<bigint>(n + 1).fill(0n);
  for (let j = n - 1; j >= 0; j -= 1) discountLeft[j] = (discountLeft[j + 1] as bigint) + (items[j] as CoverItem).discount; // prettier-ignore
  const m = BigInt(modulus);
  const liftAt = (j: number, units: bigint) => {
    const lift = (lifts[j] ??= liftOf(tables[j] as Float64Array, modulus, Number(g)));
    return BigInt(lift[Number(units % m)] as number);
  };
  const rootLift = liftAt(0, (demand + g - 1n) / g);
  if (rootLift <= 0n) return undefined;
  return {
    unit: g,
    modulus,
    rootLift,
    bound(j, uncovered, cost) {
      const units = (uncovered + g - 1n) / g;
      return cost + units * g - (discountLeft[j] as bigint) + liftAt(j, units);
    },
  };
}
