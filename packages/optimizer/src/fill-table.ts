// The largest fill of the fill search (fill-search.ts) when no exact fill exists: a reachability table over the
// sums ≤ the target, in units of the items' joint granularity, so small budgets (a little cash to invest over
// minimum-trade holes) are settled exactly and at once rather than by the general MIP.
//
// One layer per item with more than one value; a run of values a + j·d (j ≤ n) is added in O(width) by
// walking each residue class mod d and remembering the last reachable sum in it (a sliding-window OR). The
// largest reachable sum is then traced back item by item, the first run and smallest j that fit, so the answer
// is deterministic.
import { gcd } from "./fill-arith.js";
import type { FillItem, FillPick, ValueRun } from "./fill-exact.js";

export type LargestFill = { kind: "found"; sum: bigint; picks: FillPick[] } | { kind: "none" } | { kind: "too-large" };

interface Scaled {
  /** Offset from the item's minimum, in units of g. */
  offset: number;
  step: number;
  count: number;
}

/** Adds one run to `next`: next[t] |= prev[t − offset − j·step] for some 0 ≤ j ≤ count. */
function addRun(prev: Uint8Array, next: Uint8Array, run: Scaled): void {
  const width = prev.length;
  if (run.count === 0 || run.step === 0) {
    for (let t = run.offset; t < width; t += 1) if (prev[t - run.offset]) next[t] = 1;
    return;
  }
  const reach = run.count * run.step;
  for (let residue = 0; residue < Math.min(run.step, width); residue += 1) {
    let last = -Infinity;
    for (let s = residue; s + run.offset < width; s += run.step) {
      if (prev[s]) last = s;
      if (last >= s - reach) next[s + run.offset] = 1;
    }
  }
}

/**
 * The largest sum ≤ target of one value per item: `found` with its picks, `none` when even the smallest sum exceeds the target, or `too-large` when the table would
 * hold more than `cellCap` cells.
 */
export function largestFill(items: readonly FillItem[], target: bigint, cellCap: number): LargestFill {
  const mins = items.map((item) => item.runs.reduce((m, r) => (r.from < m ? r.from : m), (item.runs[0] as ValueRun).from)); // prettier-ignore
  const minSum = mins.reduce((a, b) => a + b, 0n);
  if (target < minSum) return { kind: "none" };
  let g = 0n;
  items.forEach((item, i) => {
    for (const run of item.runs) {
      g = gcd(g, run.from - (mins[i] as bigint));
      if (run.count > 0n) g = gcd(g, run.step);
    }
  });
  const picks: FillPick[] = items.map(() => ({ run: 0, index: 0n }));
  if (g === 0n) return { kind: "found", sum: minSum, picks };
  const widthBig = (target - minSum) / g + 1n;
  const open = items.map((item, i) => ({ item, i })).filter(({ item }) => item.runs.length > 1 || (item.runs[0] as ValueRun).count > 0n); // prettier-ignore
  if (widthBig * BigInt(open.length + 1) > BigInt(cellCap)) return { kind: "too-large" };
  const width = Number(widthBig);
  const scaled = open.map(({ item, i }) =>
    item.runs.map((r): Scaled => ({
      offset: Number((r.from - (mins[i] as bigint)) / g),
      step: Number(r.step / g),
      count: Number(r.count),
    })),
  );
  const layers = [new Uint8Array(width)];
  (layers[0] as Uint8Array)[0] = 1;
  for (const runs of scaled) {
    const next = new Uint8Array(width);
    for (const run of runs) addRun(layers[layers.length - 1] as Uint8Array, next, run);
    layers.push(next);
  }
  const top = layers[layers.length - 1] as Uint8Array;
  let t = width - 1;
  while (t >= 0 && !top[t]) t -= 1;
  if (t < 0) return { kind: "none" };
  const sum = minSum + BigInt(t) * g;
  for (let k = open.length - 1; k >= 0; k -= 1) {
    const prev = layers[k] as Uint8Array;
    const pick = traceBack(prev, scaled[k] as Scaled[], t);
    picks[(open[k] as { i: number }).i] = { run: pick.run, index: BigInt(pick.index) };
    t = pick.from;
  }
  return { kind: "found", sum, picks };
}

/** The first run and smallest j whose value leads back to a reachable sum of the previous layer. */
function traceBack(prev: Uint8Array, runs: readonly Scaled[], t: number): { run: number; index: number; from: number } {
  for (const [k, run] of runs.entries()) {
    const most = run.step === 0 ? 0 : run.count;
    for (let j = 0; j <= most; j += 1) {
      const from = t - run.offset - j * run.step;
      if (from < 0) break;
      if (prev[from]) return { run: k, index: j, from };
    }
  }
  throw new Error("fill table: a reachable sum has no predecessor"); // unreachable: the layer was built from prev
}
