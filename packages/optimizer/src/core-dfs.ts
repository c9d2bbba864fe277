// One round of the core search (core-search.ts): depth first over the windows of core-windows.ts, the
// widest last few met in the middle.
//
// Every node is bounded by the identity of core-search.ts: D + Σ rᵢ so far + the cost of the room in each
// row that the remaining windows cannot fill (Λ·K or Μ·K per unit). When many windows hold runs of
// quantities of equal reduced cost (every unit traded at the multiplier's own ratio, a subset-sum in
// disguise), only the rows' slack tells answers apart; so the last windows (at most TABLE_CAP
// combinations) are enumerated once into a table sorted by the row with the larger multiplier, and a
// node above them looks up only the entries whose sum leaves a slack that its bound can afford — each
// checked exactly against both rows and the objective, as every leaf is.
import type { Candidate, SecurityWindow } from "./core-windows.js";
import type { ExactProblem } from "./exact-terms.js";

export interface Best {
  objective: bigint;
  secondary: bigint;
  /** One candidate per free security (ExactProblem order). */
  choice: Candidate[];
}

export interface DualBound {
  /** D, M·W units. */
  dual: bigint;
  lambdaK: bigint;
  muK: bigint;
  m: bigint;
  /** Without an incumbent only answers with M·F − D ≤ limit are looked for this round. */
  limit: bigint;
}

export interface NodeBudget {
  nodes: number;
  used: number;
}

/** Combinations in the met-in-the-middle table. */
const TABLE_CAP = 1 << 16;

type Key = "cash" | "turnover";

interface Entry {
  reduced: bigint;
  objective: bigint;
  cash: bigint;
  turnover: bigint;
  secondary: bigint;
  picks: Candidate[];
}

const compare = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

/** Suffix sums over the search order: what the windows from j on can still spend, trade, tie-break. */
function suffixes(windows: readonly SecurityWindow[]) {
  const sums = { minCash: [0n], maxCash: [0n], minTurnover: [0n], maxTurnover: [0n], minSecondary: [0n] };
  for (let j = windows.length - 1; j >= 0; j -= 1) {
    const cs = (windows[j] as SecurityWindow).candidates;
    const pick = (f: (c: Candidate) => bigint, most: boolean) =>
      cs.reduce((acc, c) => (most ? (f(c) > acc ? f(c) : acc) : f(c) < acc ? f(c) : acc), f(cs[0] as Candidate));
    sums.minCash.unshift((sums.minCash[0] as bigint) + pick((c) => c.cash, false));
    sums.maxCash.unshift((sums.maxCash[0] as bigint) + pick((c) => c.cash, true));
    sums.minTurnover.unshift((sums.minTurnover[0] as bigint) + pick((c) => c.turnover, false));
    sums.maxTurnover.unshift((sums.maxTurnover[0] as bigint) + pick((c) => c.turnover, true));
    sums.minSecondary.unshift((sums.minSecondary[0] as bigint) + pick((c) => c.secondary, false));
  }
  return sums;
}

/** Every combination of the windows' candidates, by key, then reduced cost, then tie-break (stable: deterministic). */
function buildTable(windows: readonly SecurityWindow[], key: Key): Entry[] {
  let entries: Entry[] = [{ reduced: 0n, objective: 0n, cash: 0n, turnover: 0n, secondary: 0n, picks: [] }];
  for (const w of windows) {
    const next: Entry[] = [];
    for (const e of entries)
      for (const c of w.candidates)
        next.push({
          reduced: e.reduced + c.reduced,
          objective: e.objective + c.objective,
          cash: e.cash + c.cash,
          turnover: e.turnover + c.turnover,
          secondary: e.secondary + c.secondary,
          picks: [...e.picks, c],
        });
    entries = next;
  }
  return entries.sort((a, b) => compare(a[key], b[key]) || compare(a.reduced, b.reduced) || compare(a.secondary, b.secondary)); // prettier-ignore
}

/** The first index whose key is at least `low`. */
function lowerBound(entries: readonly Entry[], key: Key, low: bigint): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((entries[mid] as Entry)[key] < low) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The windows to search (more than one candidate), split into the top (searched) and the bottom (table). */
function plan(windows: readonly SecurityWindow[], key: Key | undefined) {
  const spread = (w: SecurityWindow) => {
    const values = w.candidates.map((c) => c[key ?? "cash"]);
    return values.reduce((a, b) => (b > a ? b : a)) - values.reduce((a, b) => (b < a ? b : a));
  };
  const open = windows
    .map((w, i) => ({ w, i, spread: spread(w) }))
    .filter(({ w }) => w.candidates.length > 1)
    .sort((a, b) => compare(b.spread, a.spread) || a.i - b.i);
  const bottom = new Set<number>();
  if (key) {
    let product = 1;
    // Windows of two are searched well enough depth first; the table is for the long runs.
    for (const o of [...open].sort((a, b) => b.w.candidates.length - a.w.candidates.length || a.i - b.i)) {
      if (o.w.candidates.length < 3 || product * o.w.candidates.length > TABLE_CAP) continue;
      product *= o.w.candidates.length;
      bottom.add(o.i);
    }
  }
  return { top: open.filter((o) => !bottom.has(o.i)), bottom: open.filter((o) => bottom.has(o.i)) };
}

/** One round's search; returns the best answer known after it (possibly the one passed in). */
export function searchWindows(
  problem: ExactProblem,
  windows: readonly SecurityWindow[],
  d: DualBound,
  incumbent: Best | undefined,
  budget: NodeBudget,
  deadline: number,
): Best | undefined | "gave-up" | "timeout" {
  const cap = problem.turnoverCap;
  const key: Key | undefined = cap !== null && d.muK > 0n && d.muK >= d.lambdaK ? "turnover" : d.lambdaK > 0n ? "cash" : undefined; // prettier-ignore
  const { top, bottom } = plan(windows, key);
  const table =
    key && bottom.length > 0
      ? buildTable(
          bottom.map((o) => o.w),
          key,
        )
      : undefined;
  const depth = table ? top.length : top.length + bottom.length;
  const sequence = table ? top : [...top, ...bottom];
  const choice = windows.map((w) => w.candidates[0] as Candidate);
  const base = { objective: problem.fixedObjective, cash: problem.fixedCash, turnover: 0n, secondary: 0n };
  choice.forEach((c, i) => {
    if ((windows[i] as SecurityWindow).candidates.length > 1) return;
    base.objective += c.objective;
    base.cash += c.cash;
    base.turnover += c.turnover;
    base.secondary += c.secondary;
  });
  const sums = suffixes([...top, ...bottom].map((o) => o.w));
  let best = incumbent;
  let stop: "gave-up" | "timeout" | undefined;
  let nextClock = budget.used + 1024;

  function tick(): boolean {
    budget.used += 1;
    if (budget.used > budget.nodes) stop = "gave-up";
    else if (budget.used >= nextClock) {
      nextClock = budget.used + 1024;
      if (performance.now() > deadline) stop = "timeout";
    }
    return stop !== undefined;
  }

  /** Records a complete answer if it is better (strictly: the first of equals stays). */
  function offer(objective: bigint, secondary: bigint, cash: bigint, turnover: bigint, picks?: Candidate[]): void {
    if (cash > problem.cashBudget || (cap !== null && turnover > cap)) return;
    if (best ? objective > best.objective || (objective === best.objective && secondary >= best.secondary) : d.m * objective - d.dual > d.limit) return; // prettier-ignore
    const chosen = choice.slice();
    picks?.forEach((c, k) => {
      chosen[(bottom[k] as { i: number }).i] = c;
    });
    best = { objective, secondary, choice: chosen };
  }

  /** The table's entries that complete this node within the affordable slack of the key row. */
  function lookUp(entries: Entry[], k: Key, reduced: bigint, objective: bigint, cash: bigint, turnover: bigint, secondary: bigint): void {
    const ceiling = best ? d.m * best.objective : d.dual + d.limit;
    const multiplier = k === "cash" ? d.lambdaK : d.muK;
    const high = (k === "cash" ? problem.cashBudget - cash : (cap as bigint) - turnover);
    const low = high - (ceiling - d.dual - reduced) / multiplier;
    for (let at = lowerBound(entries, k, low); at < entries.length && !tick(); at += 1) {
      const e = entries[at] as Entry;
      if (e[k] > high) break;
      offer(objective + e.objective, secondary + e.secondary, cash + e.cash, turnover + e.turnover, e.picks);
    }
  } // prettier-ignore

  function visit(j: number, reduced: bigint, objective: bigint, cash: bigint, turnover: bigint, secondary: bigint): void {
    if (tick()) return;
    if (cash + (sums.minCash[j] as bigint) > problem.cashBudget) return;
    if (cap !== null && turnover + (sums.minTurnover[j] as bigint) > cap) return;
    const cashRoom = problem.cashBudget - cash - (sums.maxCash[j] as bigint);
    const turnoverRoom = cap === null ? 0n : cap - turnover - (sums.maxTurnover[j] as bigint);
    const bound =
      d.dual + reduced + (cashRoom > 0n ? d.lambdaK * cashRoom : 0n) + (turnoverRoom > 0n ? d.muK * turnoverRoom : 0n);
    if (best) {
      const ceiling = d.m * best.objective;
      if (bound > ceiling) return;
      if (bound === ceiling && secondary + (sums.minSecondary[j] as bigint) >= best.secondary) return;
    } else if (bound - d.dual > d.limit) return;
    if (j === depth) {
      if (table && key) lookUp(table, key, reduced, objective, cash, turnover, secondary);
      else offer(objective, secondary, cash, turnover);
      return;
    }
    const { w, i } = sequence[j] as { w: SecurityWindow; i: number };
    for (const c of w.candidates) {
      const room = best ? d.m * best.objective - d.dual : d.limit;
      if (reduced + c.reduced > room) break;
      choice[i] = c;
      visit(j + 1, reduced + c.reduced, objective + c.objective, cash + c.cash, turnover + c.turnover, secondary + c.secondary); // prettier-ignore
      if (stop) return;
    }
  } // prettier-ignore

  visit(0, 0n, base.objective, base.cash, base.turnover, base.secondary);
  return stop ?? best;
}
