// The residue table of cover-residue-seed.ts (SPEC §5.1): for a modulus m and items of bounded room, the
// least value of extras that makes each residue modulo m, and the extras themselves.
//
// The bounded change-making DP of Böcker & Lipták's round-robin, one layer an item: along each cycle of an
// item's step q mod m, the new least value at position j is min over t ≤ room of old[j − t] + t·q — a
// sliding-window minimum of old[j'] − j'·q, walked twice round the cycle so windows wrap. Values are doubles
// (exact while they stay below 2^53; the caller re-checks every answer in bigint, so a rounded value can
// only lose a fill, never make a wrong one).

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

export interface Layer {
  index: number;
  /** Units of this item in the least-value way to make each residue after this layer. */
  choice: Int32Array;
  /** Its price modulo the modulus. */
  step: number;
}

export interface ResidueTable {
  modulus: number;
  /** least[r]: the least value of extras ≡ r (mod m); +∞ where none. */
  least: Float64Array;
  layers: Layer[];
}

/** The table over the items `indices` (prices in g-units, rooms in units), layers in that order. */
export function leastByResidue(
  m: number,
  prices: readonly number[],
  rooms: readonly number[],
  indices: readonly number[],
): ResidueTable {
  let least = new Float64Array(m).fill(Number.POSITIVE_INFINITY);
  least[0] = 0;
  const layers: Layer[] = [];
  const queue = new Int32Array(2 * m);
  const keys = new Float64Array(2 * m);
  for (const index of indices) {
    const q = prices[index] as number;
    if (q * 2 * m > 2 ** 50) continue; // j·q must stay an exact double
    const step = q % m;
    const length = m / gcd(step, m);
    const width = Math.min(rooms[index] as number, length - 1) + 1;
    const next = new Float64Array(m);
    const choice = new Int32Array(m);
    for (let start = 0; start < m / length; start += 1) {
      let head = 0;
      let tail = 0;
      for (let j = 0, at = start; j < 2 * length; j += 1, at = (at + step) % m) {
        keys[j] = (least[at] as number) - j * q;
        while (tail > head && (keys[queue[tail - 1] as number] as number) >= (keys[j] as number)) tail -= 1;
        queue[tail++] = j;
        if ((queue[head] as number) <= j - width) head += 1;
        if (j < length) continue;
        const from = queue[head] as number;
        next[at] = (keys[from] as number) + j * q;
        choice[at] = j - from;
      }
    }
    least = next;
    layers.push({ index, choice, step });
  }
  return { modulus: m, least, layers };
}

/** Adds to `units` the extras that make residue r in the table; false if the walk back does not end at 0. */
export function addExtras(table: ResidueTable, residue: number, units: number[]): boolean {
  const m = table.modulus;
  let at = residue;
  for (let l = table.layers.length - 1; l >= 0; l -= 1) {
    const layer = table.layers[l] as Layer;
    const t = layer.choice[at] as number;
    units[layer.index] = (units[layer.index] as number) + t;
    at = (((at - ((t * layer.step) % m)) % m) + m) % m;
  }
  return at === 0;
}
