// The exact integer fill of the fill search (fill-search.ts): pick one value from each item's progressions so
// that the values sum to exactly R — a subset sum over a few long runs, solved by number theory, not tables.
//
// Every item's values lie in base + g·Z (g the gcd of its steps and of its progressions' offsets), so the items
// after a node reach only sums in one residue class mod their joint gcd, inside [Σ min, Σ max]: at each level
// the admissible choices of a progression are one arithmetic progression of indices, tried nearest the point
// that leaves the rest at the same relative height first (mid-range, where it reaches the most sums). The two
// items of finest long runs close the sum by the linear Diophantine equation a·j + b·k = R′ with bounded j, k,
// in O(1) bigint operations. The first fill found in
// this fixed order is returned, so the answer is deterministic.
import { ceilDiv, floorDiv, gcd, inverse, mod } from "./fill-arith.js";

/** The values from, from + step, …, from + count·step (count ≥ 0; step > 0 unless count = 0). */
export interface ValueRun {
  from: bigint;
  step: bigint;
  count: bigint;
}

export interface FillItem {
  runs: ValueRun[];
}

/** Per item: which run and which index j (value = from + j·step). */
export interface FillPick {
  run: number;
  index: bigint;
}

export type FillOutcome = { kind: "found"; picks: FillPick[] } | { kind: "none" } | { kind: "gave-up" };

export interface FillLimits {
  nodeBudget: number;
  deadline: number;
}

const last = (run: ValueRun) => run.from + run.count * run.step;

interface Summary {
  min: bigint;
  max: bigint;
  base: bigint;
  /** 0 when every reachable sum is `base`. */
  modulus: bigint;
}

function summarise(item: FillItem): Summary {
  const first = item.runs[0] as ValueRun;
  let modulus = 0n;
  for (const run of item.runs) {
    modulus = gcd(modulus, run.from - first.from);
    if (run.count > 0n) modulus = gcd(modulus, run.step);
  }
  return {
    min: item.runs.reduce((m, r) => (r.from < m ? r.from : m), first.from),
    max: item.runs.reduce((m, r) => (last(r) > m ? last(r) : m), last(first)),
    base: first.from,
    modulus,
  };
}

/** Suffix summaries: what items from position j on can reach together. */
function suffixes(items: readonly FillItem[]): Summary[] {
  const out: Summary[] = [{ min: 0n, max: 0n, base: 0n, modulus: 0n }];
  for (let j = items.length - 1; j >= 0; j -= 1) {
    const s = summarise(items[j] as FillItem);
    const next = out[0] as Summary;
    out.unshift({
      min: s.min + next.min,
      max: s.max + next.max,
      base: s.base + next.base,
      modulus: gcd(s.modulus, next.modulus),
    });
  }
  return out;
}

/** Whether the rest can reach r at all (range and residue). */
function reachable(rest: Summary, r: bigint): boolean {
  if (r < rest.min || r > rest.max) return false;
  return rest.modulus === 0n ? r === rest.base : mod(r - rest.base, rest.modulus) === 0n;
}

/** The smallest j in [lo, hi] with j ≡ residue (mod period), or undefined. */
function firstInClass(lo: bigint, hi: bigint, residue: bigint, period: bigint): bigint | undefined {
  const j = lo + mod(residue - lo, period);
  return j <= hi ? j : undefined;
}

/**
 * The indices j ∈ [0, count] of `run` leaving r − value in the rest's range and residue class, as
 * [lo, hi] with stride `period` starting at `start` (undefined when there are none).
 */
function admissible(run: ValueRun, r: bigint, rest: Summary) {
  if (run.count === 0n) return reachable(rest, r - run.from) ? { start: 0n, hi: 0n, period: 1n } : undefined;
  const loRaw = ceilDiv(r - run.from - rest.max, run.step);
  const lo = loRaw > 0n ? loRaw : 0n;
  const hiRaw = floorDiv(r - run.from - rest.min, run.step);
  const hi = hiRaw < run.count ? hiRaw : run.count;
  if (hi < lo) return undefined;
  if (rest.modulus === 0n) {
    const need = r - run.from - rest.base;
    if (mod(need, run.step) !== 0n) return undefined;
    const j = need / run.step;
    return j >= lo && j <= hi ? { start: j, hi: j, period: 1n } : undefined;
  }
  // run.step·j ≡ r − from − base (mod modulus)
  const g = gcd(run.step, rest.modulus);
  const need = r - run.from - rest.base;
  if (mod(need, g) !== 0n) return undefined;
  const period = rest.modulus / g;
  const residue = mod((need / g) * inverse(run.step / g, period), period);
  const start = firstInClass(lo, hi, residue, period);
  return start === undefined ? undefined : { start, hi, period };
}

/** Two items closing the sum: a run of each with from_a + j·a + from_b + k·b = r, the smallest such j. */
function closePair(x: FillItem, y: FillItem, r: bigint): [FillPick, FillPick] | undefined {
  for (const [i, a] of x.runs.entries())
    for (const [k, b] of y.runs.entries()) {
      const rest: Summary = { min: b.from, max: last(b), base: b.from, modulus: b.count > 0n ? b.step : 0n };
      const window = admissible(a, r, rest);
      if (!window) continue;
      const remaining = r - a.from - window.start * a.step - b.from;
      const index = b.count === 0n ? 0n : remaining / b.step;
      return [
        { run: i, index: window.start },
        { run: k, index },
      ];
    }
  return undefined;
}

/** Runs longest first (ties: their order), so the long runs are tried before the isolated points. */
const runOrder = (item: FillItem) =>
  item.runs.map((r, i) => ({ r, i })).sort((p, q) => (p.r.count > q.r.count ? -1 : p.r.count < q.r.count ? 1 : p.i - q.i)); // prettier-ignore

/**
 * Indices of a window start, start + period, …, ≤ hi, nearest `aim` first, then alternately above and below
 * (the aim keeps every item at the same relative height, so the two closing items are left mid-range).
 */
function* outward(start: bigint, hi: bigint, period: bigint, aim: bigint): Generator<bigint> {
  const steps = (hi - start) / period;
  let k = aim <= start ? 0n : (aim - start + period / 2n) / period;
  if (k > steps) k = steps;
  const mid = start + k * period;
  yield mid;
  for (let d = 1n; d <= steps; d += 1n) {
    const up = mid + d * period;
    const down = mid - d * period;
    if (up > hi && down < start) return;
    if (up <= hi) yield up;
    if (down >= start) yield down;
  }
}

/** The step of an item's longest run (how finely it can adjust a sum); undefined for points only. */
function grain(item: FillItem): bigint | undefined {
  const longest = runOrder(item)[0]?.r;
  return longest && longest.count > 0n ? longest.step : undefined;
}

/**
 * One value per item summing to exactly `target`: `found` (the first in the fixed order above), `none`
 * (proven: no such choice exists), or `gave-up` past the node budget or the deadline.
 */
export function exactFill(items: readonly FillItem[], target: bigint, limits: FillLimits): FillOutcome {
  const picks: FillPick[] = items.map(() => ({ run: 0, index: 0n }));
  // A single value is no choice: it only moves the target.
  let remaining = target;
  const open: { item: FillItem; i: number; width: bigint }[] = [];
  items.forEach((item, i) => {
    const s = summarise(item);
    if (s.max === s.min && item.runs.length === 1) remaining -= s.min;
    else open.push({ item, i, width: s.max - s.min });
  });
  // The two finest long runs close the sum (near a corner of the ranges, sums of two steps a, b reach every
  // residue only within about a·b of it); the rest are searched, widest first.
  const byGrain = [...open].sort((p, q) => {
    const [a, b] = [grain(p.item), grain(q.item)];
    if (a !== b) return a === undefined ? 1 : b === undefined ? -1 : a < b ? -1 : 1;
    return q.width > p.width ? 1 : q.width < p.width ? -1 : p.i - q.i;
  });
  const closers = byGrain.slice(0, 2);
  const searched = open
    .filter((o) => !closers.includes(o))
    .sort((p, q) => (q.width > p.width ? 1 : q.width < p.width ? -1 : p.i - q.i))
    .map((o) => ({ ...o, runs: runOrder(o.item) }));
  const rest = suffixes([...searched, ...closers].map((o) => o.item));
  let nodes = 0;
  let stop = false;

  function close(r: bigint): boolean {
    const [a, b] = closers;
    if (!a) return r === 0n;
    if (!b) {
      for (const { r: run, i } of runOrder(a.item)) {
        const w = admissible(run, r, { min: 0n, max: 0n, base: 0n, modulus: 0n });
        if (w) return ((picks[a.i] = { run: i, index: w.start }), true);
      }
      return false;
    }
    const pair = closePair(a.item, b.item, r);
    if (!pair) return false;
    [picks[a.i], picks[b.i]] = pair;
    return true;
  }

  function visit(level: number, r: bigint): boolean {
    nodes += 1;
    if (nodes > limits.nodeBudget || ((nodes & 1023) === 0 && performance.now() > limits.deadline)) stop = true;
    if (stop || !reachable(rest[level] as Summary, r)) return false;
    if (level === searched.length) return close(r);
    const { runs, i } = searched[level] as (typeof searched)[number];
    for (const { r: run, i: k } of runs) {
      const w = admissible(run, r, rest[level + 1] as Summary);
      if (!w) continue;
      const all = rest[level] as Summary;
      const aim = all.max > all.min ? ((r - all.min) * run.count) / (all.max - all.min) : 0n;
      for (const j of outward(w.start, w.hi, w.period, aim)) {
        picks[i] = { run: k, index: j };
        if (visit(level + 1, r - run.from - j * run.step)) return true;
        if (stop) return false;
      }
    }
    return false;
  }

  const found = visit(0, remaining);
  if (found) return { kind: "found", picks };
  return stop ? { kind: "gave-up" } : { kind: "none" };
}
