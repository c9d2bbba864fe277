// Bounds for the covering branch-and-bound of cover-knapsack.ts (SPEC §5.1).
//
// Relaxation used as the cost bound: drop integrality and the rule that extra units need the first
// one. Then first units are items of cost ratio (pᵢ − dᵢ)/pᵢ ≤ 1 and extra units have ratio exactly
// 1, so the LP optimum is the fractional knapsack that fills E with first units by ascending ratio,
// then extras — computed in O(log n) from prefix sums over the ratio order.

export interface CoverItem {
  /** pᵢ > 0, in money units. */
  price: bigint;
  /** dᵢ, 0 ≤ dᵢ ≤ pᵢ, in money units. */
  discount: bigint;
  /** mᵢ ≥ 1 (a safe integer). */
  maxUnits: number;
  /** fᵢ: selling exactly this many units trades nothing (a safe integer, any sign). */
  tradeFree: number;
  /**
   * wᵢ ≥ 1: what one unit of |kᵢ − fᵢ| adds to the tie-break — 1 for shares, the lot size for lots of
   * shares, the unit's price in cents when ties go to the least traded value. @defaultValue 1
   */
  tradeWeight?: number;
  /**
   * Unit counts gapFrom..gapTo (inclusive) are not allowed: the last step jumps a minimum-trade hole onto
   * today's holding (turnover-search.ts). The bounds relax the gap away; the search never picks inside it.
   * @defaultValue no gap
   */
  gapFrom?: number;
  gapTo?: number;
}

/** Whether an item may sell exactly k units. */
export const allowedUnits = (item: CoverItem, k: number) =>
  item.gapFrom === undefined || k < item.gapFrom || k > (item.gapTo as number);

/** wᵢ of an item. */
export const weightOf = (item: CoverItem) => item.tradeWeight ?? 1;

export interface CoverProblem {
  items: readonly CoverItem[];
  /** E > 0, in money units. */
  demand: bigint;
}

const distanceToRange = (value: number, upper: number) => (value < 0 ? -value : value > upper ? value - upper : 0);
export const ceilDiv = (numerator: bigint, denominator: bigint) => (numerator + denominator - 1n) / denominator;
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));

export interface CoverBounds {
  /** ⌈cost + LP⌉ of the subtree from item j (see `bound` below); undefined when it cannot cover. */
  bound(j: number, uncovered: bigint, cost: bigint, strong?: boolean): bigint | undefined;
  /** Shares items j.. must trade whatever they sell. */
  tradeFloor(j: number): number;
  /** The least trading of items j.. once E is covered (each takes its leaf choice). */
  leafTrade(j: number): number;
  /** A lower bound on the trading of a subtree whose cost must equal the incumbent's. */
  tiedTradeBound(j: number, cost: bigint, trade: number, incumbentCost: bigint): number;
}

/** Prefix and suffix sums over `items`, which must be in ascending first-unit ratio. */
export function createCoverBounds(items: readonly CoverItem[]): CoverBounds {
  const n = items.length;
  const firstWeight: bigint[] = [0n];
  const firstCost: bigint[] = [0n];
  items.forEach((item, i) => {
    firstWeight.push((firstWeight[i] as bigint) + item.price);
    firstCost.push((firstCost[i] as bigint) + item.price - item.discount);
  });
  // Suffix sums from item j on: extra-unit capacity, a lower bound on trading, the cheapest leaf trading.
  const extraCapacity: bigint[] = new Array<bigint>(n + 1).fill(0n);
  const tradeFloor: number[] = new Array<number>(n + 1).fill(0);
  const leafTrade: number[] = new Array<number>(n + 1).fill(0);
  // gcd of the prices from item j on: whatever those items sell is a multiple of it (0 past the end).
  const priceGcd: bigint[] = new Array<bigint>(n + 1).fill(0n);
  for (let j = n - 1; j >= 0; j -= 1) {
    const item = items[j] as CoverItem;
    priceGcd[j] = gcd(item.price, priceGcd[j + 1] as bigint);
    extraCapacity[j] = (extraCapacity[j + 1] as bigint) + item.price * BigInt(item.maxUnits - 1);
    tradeFloor[j] = (tradeFloor[j + 1] as number) + weightOf(item) * distanceToRange(item.tradeFree, item.maxUnits);
    leafTrade[j] = (leafTrade[j + 1] as number) + leafChoice(item).trade;
  }

  /** The break item: the smallest b in [start, end) whose first units start..b weigh at least R. */
  function breakItem(start: number, end: number, remaining: bigint): number {
    const base = firstWeight[start] as bigint;
    let low = start;
    let high = end - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((firstWeight[mid + 1] as bigint) - base >= remaining) high = mid;
      else low = mid + 1;
    }
    return low;
  }

  /** ⌈LP⌉ of first units start..end−1 alone covering R > 0, when together they weigh at least R. */
  function lpWithin(start: number, end: number, remaining: bigint): bigint {
    const base = firstWeight[start] as bigint;
    const low = breakItem(start, end, remaining);
    const item = items[low] as CoverItem;
    const rest = remaining - ((firstWeight[low] as bigint) - base);
    return (
      (firstCost[low] as bigint) -
      (firstCost[start] as bigint) +
      ceilDiv(rest * (item.price - item.discount), item.price)
    );
  }

  /** ⌈LP⌉ from item `start` on: first units by ratio, then `extras` of ratio-1 units; undefined if short. */
  function lpFrom(start: number, remaining: bigint, extras: bigint): bigint | undefined {
    if (remaining <= 0n) return 0n;
    const available = (firstWeight[n] as bigint) - (firstWeight[start] as bigint);
    if (available >= remaining) return lpWithin(start, n, remaining);
    if (available + extras < remaining) return undefined;
    return (firstCost[n] as bigint) - (firstCost[start] as bigint) + remaining - available;
  }

  /**
   * ⌈cost + LP(items j.., remaining R)⌉, or undefined when items j.. cannot cover R at all. The strong
   * form first rounds R up to a multiple of the items' price gcd (prices in cents cannot cover a
   * demand in finer units exactly), then takes the better of the LPs with the break item's first unit
   * forced in and forced out (Martello–Toth's U2): an integer solution has it either way.
   */
  function bound(j: number, uncovered: bigint, cost: bigint, strong = true): bigint | undefined {
    if (uncovered <= 0n) return cost;
    if (j === n) return undefined;
    const step = strong ? (priceGcd[j] as bigint) : 1n;
    const remaining = ceilDiv(uncovered, step) * step;
    const base = firstWeight[j] as bigint;
    if ((firstWeight[n] as bigint) - base < remaining || !strong) {
      const plain = lpFrom(j, remaining, extraCapacity[j] as bigint);
      return plain === undefined ? undefined : cost + plain;
    }
    const b = breakItem(j, n, remaining);
    const item = items[b] as CoverItem;
    const inRest = remaining - item.price;
    const forcedIn = item.price - item.discount + (inRest > 0n ? lpWithin(j, b, inRest) : 0n);
    const before = (firstWeight[b] as bigint) - base;
    const outRest = lpFrom(b + 1, remaining - before, extraCapacity[j] as bigint);
    const forcedOut = outRest === undefined ? undefined : (firstCost[b] as bigint) - (firstCost[j] as bigint) + outRest;
    return cost + (forcedOut === undefined || forcedIn < forcedOut ? forcedIn : forcedOut);
  }

  // For tie-only subtrees: trade = floor + Σwᵢ|kᵢ − gᵢ| with gᵢ = fᵢ clamped to [0, mᵢ], so it is at
  // least floor + Σwᵢgᵢ − Σwᵢmin(kᵢ, gᵢ); and a cost within the incumbent's caps the weight sold at
  // (incumbent − cost) + Σdᵢ, which caps Σwᵢmin(kᵢ, gᵢ) by a fractional knapsack, best wᵢ/pᵢ first
  // (rounded down: the trade is a whole number).
  const byRatio = items
    .map((_, i) => i)
    .sort((a, b) => {
      const left = (items[a] as CoverItem).price * BigInt(weightOf(items[b] as CoverItem));
      const right = (items[b] as CoverItem).price * BigInt(weightOf(items[a] as CoverItem));
      return left < right ? -1 : left > right ? 1 : a - b;
    });
  const target = items.map((item) => Math.min(Math.max(item.tradeFree, 0), item.maxUnits));
  const discountLeft: bigint[] = new Array<bigint>(n + 1).fill(0n);
  const targetLeft: number[] = new Array<number>(n + 1).fill(0);
  for (let j = n - 1; j >= 0; j -= 1) {
    discountLeft[j] = (discountLeft[j + 1] as bigint) + (items[j] as CoverItem).discount;
    targetLeft[j] = (targetLeft[j + 1] as number) + weightOf(items[j] as CoverItem) * (target[j] as number);
  }
  function tiedTradeBound(j: number, cost: bigint, trade: number, incumbentCost: bigint): number {
    let weight = incumbentCost - cost + (discountLeft[j] as bigint);
    let reachable = 0;
    for (const i of byRatio) {
      const units = target[i] as number;
      if (i < j || units === 0) continue;
      const item = items[i] as CoverItem;
      const affordable = weight / item.price;
      if (affordable < BigInt(units)) {
        reachable += Number((BigInt(weightOf(item)) * weight) / item.price);
        break;
      }
      reachable += weightOf(item) * units;
      weight -= item.price * BigInt(units);
    }
    return trade + (tradeFloor[j] as number) + (targetLeft[j] as number) - reachable;
  }

  return {
    bound,
    tradeFloor: (j) => tradeFloor[j] as number,
    leafTrade: (j) => leafTrade[j] as number,
    tiedTradeBound,
  };
}

/** The cheapest choice of an item once E is covered: no unit, or a free first unit if it trades less. */
export function leafChoice(item: CoverItem): { units: number; trade: number } {
  const none = Math.abs(item.tradeFree);
  if (item.discount === item.price && allowedUnits(item, 1) && Math.abs(1 - item.tradeFree) < none)
    return { units: 1, trade: weightOf(item) * Math.abs(1 - item.tradeFree) };
  return { units: 0, trade: weightOf(item) * none };
}
