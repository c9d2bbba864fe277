// Exact branch-and-bound for the reduced covering problem of reduced-mip.ts (SPEC §5.1).
//
// Item i sells kᵢ ∈ [0, mᵢ] units of weight pᵢ; the first unit earns a discount dᵢ ∈ [0, pᵢ] (twice
// the overshoot), so selling costs pᵢkᵢ − dᵢ·min(kᵢ, 1), and the units must cover Σ pᵢkᵢ ≥ E. The
// objective is lexicographic: least cost (drift), then least trading Σ wᵢ|kᵢ − fᵢ|, then the first
// such vector in a fixed search order (deterministic). All money is in exact integer units (bigint).
// Depth first over the items in ascending first-unit ratio, bounded by cover-bounds.ts. Incumbents: a
// greedy cover and an exact fill (cover-exact-seed.ts) up front — or, where the first units alone cover
// the demand and the search usually ends within a few thousand nodes, the fill only after 10,000 nodes.
// A search still running after a few thousand nodes adds the lattice bound of cover-group-bound.ts.
import {
  allowedUnits,
  ceilDiv,
  createCoverBounds,
  leafChoice,
  weightOf,
  type CoverItem,
  type CoverProblem,
} from "./cover-bounds.js";
import { exactCoverSeed, lateCoverSeed } from "./cover-exact-seed.js";
import { createGroupBound, type GroupBound } from "./cover-group-bound.js";

export type { CoverItem, CoverProblem } from "./cover-bounds.js";

export type CoverOutcome =
  { kind: "optimal"; units: number[]; cost: bigint; trade: number; nodes: number } | { kind: "gave-up"; nodes: number };

export interface CoverLimits {
  /** Nodes visited before giving up (the caller falls back to HiGHS). */
  nodeBudget: number;
  /** performance.now() past which the search gives up. */
  deadline: number;
  /** Nodes after which the search adds the group bound (cover-group-bound.ts). @defaultValue 2048 */
  groupBoundAfter?: number;
}

/** Nodes after which a search whose first units cover the demand asks for an exact-fill seed after all. */
const LATE_SEED_NODES = 10_000;
/** Most searches end before this many nodes: they never pay for the group bound's tables. */
const GROUP_BOUND_NODES = 2048;

/** Lexicographic (cost, trade) order of two objective values. */
function better(cost: bigint, trade: number, bestCost: bigint | undefined, bestTrade: number): boolean {
  return bestCost === undefined || cost < bestCost || (cost === bestCost && trade < bestTrade);
}

/**
 * Whether no answer of cost `cost` trades less than `trade`, by a floor that needs no search: when every
 * item's tie-break weight is the same multiple r of its price and no item may sell past its trade-free
 * count (the turnover search, or a cash search whose sellers all stay at or above their holdings), an
 * answer trades Σwᵢfᵢ − r·W with W = Σpᵢkᵢ ≤ cost + Σdᵢ, so at least Σwᵢfᵢ − r·(cost + Σdᵢ). With equal
 * weights per unit of value, every cover that reaches the root bound trades the same: this ends the search.
 */
function createTradeFloorCheck(items: readonly CoverItem[]): (cost: bigint, trade: number) => boolean {
  const first = items[0];
  if (!first) return () => false;
  const w0 = BigInt(weightOf(first));
  const p0 = first.price;
  const proportional = items.every(
    (item) => BigInt(weightOf(item)) * p0 === w0 * item.price && item.tradeFree >= item.maxUnits,
  );
  if (!proportional) return () => false;
  const weighted = items.reduce((sum, item) => sum + BigInt(weightOf(item)) * BigInt(item.tradeFree), 0n);
  const discounts = items.reduce((sum, item) => sum + item.discount, 0n);
  return (cost, trade) => BigInt(trade) * p0 <= weighted * p0 - w0 * (cost + discounts);
}

/** Minimises cost, then trade; `gave-up` when the node budget or the deadline runs out first. */
export function solveCover(problem: CoverProblem, limits: CoverLimits): CoverOutcome {
  const { demand } = problem;
  // Ascending first-unit ratio (pᵢ − dᵢ)/pᵢ, compared exactly by cross-multiplication; ties by index.
  const order = problem.items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => {
      const left = (a.item.price - a.item.discount) * b.item.price;
      const right = (b.item.price - b.item.discount) * a.item.price;
      return left < right ? -1 : left > right ? 1 : a.index - b.index;
    });
  const items = order.map((o) => o.item);
  const n = items.length;
  const { bound, tradeFloor, leafTrade, tiedTradeBound } = createCoverBounds(items);
  let rootBound = bound(0, demand, 0n);
  let group: GroupBound | undefined;
  const groupAfter = limits.groupBoundAfter ?? GROUP_BOUND_NODES;
  /** The strong bound, lifted by the group bound once it exists (both are lower bounds: take the larger). */
  function strongBound(j: number, uncovered: bigint, cost: bigint): bigint | undefined {
    const plain = bound(j, uncovered, cost);
    if (plain === undefined || group === undefined || uncovered <= 0n || j === n) return plain;
    const lifted = group.bound(j, uncovered, cost);
    return lifted > plain ? lifted : plain;
  }
  /**
   * Builds the group bound; a stronger root bound may settle the incumbent at once. An exact fill of the
   * least weight whose cost (every discount earned) reaches the lifted bound is the likeliest optimum.
   */
  function addGroupBound(): void {
    group = createGroupBound(items, demand);
    if (group === undefined || rootBound === undefined) return;
    rootBound = strongBound(0, demand, 0n);
    const g = group.unit;
    const above = ((demand + g - 1n) / g) * g + ceilDiv(group.rootLift, g) * g;
    seed(exactCoverSeed(items, above) ?? lateCoverSeed(items, above));
  }
  const tradeFloorMet = createTradeFloorCheck(items);
  /** The incumbent reaches the root bound and the trade floor: nothing can beat it. */
  const settled = () => bestCost === rootBound && bestCost !== undefined && tradeFloorMet(bestCost, bestTrade);

  const units: number[] = new Array<number>(n).fill(0);
  let bestUnits: number[] | undefined;
  let bestCost: bigint | undefined;
  let bestTrade = Number.POSITIVE_INFINITY;
  let nodes = 0;
  let gaveUp = false;
  let nextClockCheck = 1024;

  /** Counts a node; gives up past the node budget or (looked at every 1,024 nodes) the deadline. */
  function tick(): boolean {
    nodes += 1;
    // A better incumbent mid-search only prunes more: the search stays exact (and deterministic).
    if (nodes === LATE_SEED_NODES) seed(lateCoverSeed(items, demand));
    if (nodes === groupAfter) addGroupBound();
    if (nodes > limits.nodeBudget) gaveUp = true;
    else if (nodes >= nextClockCheck) {
      nextClockCheck = nodes + 1024;
      if (performance.now() > limits.deadline) gaveUp = true;
    }
    return gaveUp;
  }

  /** Covered: every later item takes its cheapest choice (cost 0), the one trading least. */
  function recordLeaf(j: number, cost: bigint, trade: number): void {
    const total = trade + leafTrade(j);
    if (!better(cost, total, bestCost, bestTrade)) return;
    bestCost = cost;
    bestTrade = total;
    bestUnits = units.slice();
    for (let i = j; i < n; i += 1) bestUnits[i] = leafChoice(items[i] as CoverItem).units;
  }

  /** Whether a subtree with this cost bound and trade floor could still beat the incumbent. */
  const promising = (costBound: bigint, tradeBound: number) => better(costBound, tradeBound, bestCost, bestTrade);

  function visit(j: number, remaining: bigint, cost: bigint, trade: number): void {
    if (tick() || settled()) return;
    if (remaining <= 0n) {
      recordLeaf(j, cost, trade);
      return;
    }
    const costBound = strongBound(j, remaining, cost);
    if (costBound === undefined || !promising(costBound, trade + tradeFloor(j))) return;
    if (costBound === bestCost && tiedTradeBound(j, cost, trade, costBound) >= bestTrade) return;
    const item = items[j] as CoverItem;
    const weight = weightOf(item);
    const rest = tradeFloor(j + 1);
    const child = (k: number) => {
      units[j] = k;
      visit(
        j + 1,
        remaining - item.price * BigInt(k),
        cost + item.price * BigInt(k) - (k > 0 ? item.discount : 0n),
        trade + weight * Math.abs(k - item.tradeFree),
      );
      units[j] = 0;
    };
    if (allowedUnits(item, 1)) child(1);
    child(0);
    // k ≥ 2 adds ratio-1 units: the child's plain LP bound never decreases as k grows (the LP's slope
    // is at most 1), so stop at the first k where it exceeds the incumbent's cost. The strong bound is
    // not monotone in k (gcd rounding): it only skips a child.
    // Covering needs at most ⌈R/p⌉ units, or the gap's far end when that count falls in the gap.
    const enough = Number(ceilDiv(remaining, item.price));
    const most = Math.min(item.maxUnits, allowedUnits(item, enough) ? enough : (item.gapTo as number) + 1);
    for (let k = 2; k <= most && !tick(); k += 1) {
      if (!allowedUnits(item, k)) continue;
      const spent = item.price * BigInt(k);
      const childCost = cost + spent - item.discount;
      const plainBound = bound(j + 1, remaining - spent, childCost, false);
      if (plainBound === undefined) continue;
      if (bestCost !== undefined && plainBound > bestCost) break;
      const childBound = strongBound(j + 1, remaining - spent, childCost);
      if (childBound !== undefined && promising(childBound, trade + weight * Math.abs(k - item.tradeFree) + rest))
        child(k);
    }
  }

  seedGreedy();
  seed(exactCoverSeed(items, demand));
  if (groupAfter <= 0) addGroupBound();
  visit(0, demand, 0n, 0);
  if (gaveUp || bestUnits === undefined || bestCost === undefined) return { kind: "gave-up", nodes };
  const result: number[] = new Array<number>(n).fill(0);
  order.forEach((o, i) => {
    result[o.index] = (bestUnits as number[])[i] as number;
  });
  return { kind: "optimal", units: result, cost: bestCost, trade: bestTrade, nodes };

  /** Incumbent: first units by ascending ratio until E is covered, then extra units in the same order. */
  function seedGreedy(): void {
    let remaining = demand;
    const greedy: number[] = new Array<number>(n).fill(0);
    for (let i = 0; i < n && remaining > 0n; i += 1) {
      greedy[i] = 1;
      remaining -= (items[i] as CoverItem).price;
    }
    for (let i = 0; i < n && remaining > 0n; i += 1) {
      const item = items[i] as CoverItem;
      const extra = Math.min(item.maxUnits - 1, Number(ceilDiv(remaining, item.price)));
      greedy[i] = (greedy[i] as number) + extra;
      remaining -= item.price * BigInt(extra);
    }
    if (remaining <= 0n) seed(greedy);
  }

  /** Makes `candidate` (units in search order, covering E) the incumbent if it is better. */
  function seed(candidate: number[] | undefined): void {
    if (!candidate || candidate.some((k, i) => !allowedUnits(items[i] as CoverItem, k))) return;
    let cost = 0n;
    let trade = 0;
    candidate.forEach((k, i) => {
      const item = items[i] as CoverItem;
      cost += item.price * BigInt(k) - (k > 0 ? item.discount : 0n);
      trade += weightOf(item) * Math.abs(k - item.tradeFree);
    });
    if (!better(cost, trade, bestCost, bestTrade)) return;
    bestUnits = candidate;
    bestCost = cost;
    bestTrade = trade;
  }
}
