// The core search: an exact depth-first search for the formulations no fast path covers (minimum-trade
// holes, two cost ratios, lots with a binding cash row or turnover cap, both rows at once).
//
// With multipliers λ, μ ≥ 0 (dual-multipliers.ts) and D their dual value, every x that meets both rows has,
// exactly (all in M·W units, exact-terms.ts):
//   M·Σ Fᵢ(xᵢ) = D + Σ rᵢ(xᵢ) + Λ·K·(B − Σ Aᵢ) + Μ·K·(T − Σ Btᵢ),   every term after D ≥ 0,
// rᵢ the reduced costs of core-windows.ts. So an answer at least as good as an incumbent of objective F*
// has Σ rᵢ ≤ G = M·F* − D: each xᵢ lies in its window of reduced cost ≤ G, usually one or two quantities.
// The search enumerates the windows' product depth first, pruned by that identity (the rows' unfilled
// room the remaining windows cannot take is a slack that costs Λ or Μ per unit), by what the remaining
// windows can still spend, and by the tie-break; every leaf is checked exactly against both rows. Without
// an incumbent it runs in rounds of growing G until one is found inside the round's G: then nothing better
// lies outside, and the answer is proven. It gives up (the caller solves the general MIP) past a node
// budget or when a window would hold too many quantities.
import { Dec } from "@ogs/domain";
import { createEvaluator, securityMinimum, windowOf, type Candidate, type SecurityWindow } from "./core-windows.js";
import { chooseMultipliers } from "./dual-multipliers.js";
import { exactProblemOf, type ExactProblem } from "./exact-terms.js";
import type { Formulation } from "./formulation.js";

export type CoreOutcome = { kind: "optimal"; quantities: Dec[] } | { kind: "gave-up" } | { kind: "timeout" };

export interface CoreLimits {
  /** performance.now() past which the search stops with `timeout`. */
  deadline: number;
  /** Nodes over all rounds before giving up. @defaultValue 2000000 */
  nodeBudget?: number;
}

const DEFAULT_NODE_BUDGET = 2_000_000;
/** Quantities one window may hold, and in all windows together, before the search gives up. */
const WINDOW_CAP = 4_096;
const TOTAL_CAP = 65_536;
/** G grows by this factor per round without an incumbent, from one currency unit. */
const GROWTH = 16n;
const ROUNDS = 8;

interface Best {
  objective: bigint;
  secondary: bigint;
  choice: Candidate[];
}

/** Suffix sums over the search order: what the windows from j on can still spend, trade, tie-break. */
function suffixes(windows: readonly SecurityWindow[]) {
  const n = windows.length;
  const sums = { minCash: [0n], maxCash: [0n], minTurnover: [0n], maxTurnover: [0n], minSecondary: [0n] };
  for (let j = n - 1; j >= 0; j -= 1) {
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

/** The exact optimum of the formulation, `gave-up` (solve the general MIP), or `timeout`. */
export function solveCore(formulation: Formulation, limits: CoreLimits): CoreOutcome {
  if (formulation.securities.some((t) => !t.fixed && t.pieces.length === 0)) return { kind: "gave-up" };
  const problem = exactProblemOf(formulation);
  const multipliers = chooseMultipliers(problem);
  const evaluate = createEvaluator(problem, multipliers);
  const m = multipliers.denominator;
  const lambdaK = multipliers.cash * problem.costScale;
  const cap = problem.turnoverCap;
  const muK = cap === null ? 0n : multipliers.turnover * problem.costScale;
  const minima = problem.securities.map((s) => securityMinimum(s, evaluate));
  const dual =
    minima.reduce((sum, g) => sum + g, 0n) +
    m * problem.fixedObjective +
    lambdaK * (problem.fixedCash - problem.cashBudget) -
    (cap === null ? 0n : muK * cap);
  const budget = { nodes: limits.nodeBudget ?? DEFAULT_NODE_BUDGET, used: 0 };
  let best: Best | undefined;
  let limit = m * problem.costScale * BigInt(problem.scale.toFixed(0));
  for (let round = 0; round < ROUNDS; round += 1) {
    const windows: SecurityWindow[] = [];
    let total = 0;
    for (const [i, s] of problem.securities.entries()) {
      const window = windowOf(s, minima[i] as bigint, limit, evaluate, WINDOW_CAP);
      total += window?.candidates.length ?? 0;
      if (!window || total > TOTAL_CAP) return { kind: "gave-up" };
      windows.push(window);
    }
    const outcome = searchWindows(problem, windows, { dual, lambdaK, muK, m, limit }, best, budget, limits.deadline);
    if (outcome === "timeout" || outcome === "gave-up") return { kind: outcome };
    best = outcome;
    if (best && m * best.objective - dual <= limit) return { kind: "optimal", quantities: quantitiesOf(formulation, problem, best) }; // prettier-ignore
    limit = best ? m * best.objective - dual : limit * GROWTH;
  }
  return { kind: "gave-up" };
}

function quantitiesOf(formulation: Formulation, problem: ExactProblem, best: Best): Dec[] {
  const quantities = formulation.securities.map((t) => t.current);
  problem.securities.forEach((s, i) => {
    quantities[s.index] = new Dec((best.choice[i] as Candidate).x.toString());
  });
  return quantities;
}

interface Dual {
  dual: bigint;
  lambdaK: bigint;
  muK: bigint;
  m: bigint;
  /** Only answers with Σ rᵢ ≤ limit are looked for this round. */
  limit: bigint;
}

/** One round's depth-first search; returns the best answer known after it (possibly the one passed in). */
function searchWindows(
  problem: ExactProblem,
  windows: readonly SecurityWindow[],
  d: Dual,
  incumbent: Best | undefined,
  budget: { nodes: number; used: number },
  deadline: number,
): Best | undefined | "gave-up" | "timeout" {
  // Windows of one quantity are decided; the others are searched, the widest cash swing first.
  const order = windows
    .map((w, i) => ({ w, i }))
    .filter(({ w }) => w.candidates.length > 1)
    .sort((a, b) => {
      const spread = (w: SecurityWindow) => w.candidates.reduce((hi, c) => (c.cash > hi ? c.cash : hi), 0n) - w.candidates.reduce((lo, c) => (c.cash < lo ? c.cash : lo), (w.candidates[0] as Candidate).cash); // prettier-ignore
      const diff = spread(b.w) - spread(a.w);
      return diff > 0n ? 1 : diff < 0n ? -1 : a.i - b.i;
    });
  const choice = windows.map((w) => w.candidates[0] as Candidate);
  let base = { objective: problem.fixedObjective, cash: problem.fixedCash, turnover: 0n, secondary: 0n };
  choice.forEach((c, i) => {
    if ((windows[i] as SecurityWindow).candidates.length > 1) return;
    base = {
      objective: base.objective + c.objective,
      cash: base.cash + c.cash,
      turnover: base.turnover + c.turnover,
      secondary: base.secondary + c.secondary,
    };
  });
  const sums = suffixes(order.map((o) => o.w));
  const cap = problem.turnoverCap;
  let best = incumbent;
  let stop: "gave-up" | "timeout" | undefined;
  let nextClock = budget.used + 1024;

  function visit(
    j: number,
    reduced: bigint,
    objective: bigint,
    cash: bigint,
    turnover: bigint,
    secondary: bigint,
  ): void {
    budget.used += 1;
    if (budget.used > budget.nodes) stop = "gave-up";
    else if (budget.used >= nextClock) {
      nextClock = budget.used + 1024;
      if (performance.now() > deadline) stop = "timeout";
    }
    if (stop) return;
    if (cash + (sums.minCash[j] as bigint) > problem.cashBudget) return;
    if (cap !== null && turnover + (sums.minTurnover[j] as bigint) > cap) return;
    const cashRoom = problem.cashBudget - cash - (sums.maxCash[j] as bigint);
    const turnoverRoom = cap === null ? 0n : cap - turnover - (sums.maxTurnover[j] as bigint);
    const bound =
      d.dual + reduced + (cashRoom > 0n ? d.lambdaK * cashRoom : 0n) + (turnoverRoom > 0n ? d.muK * turnoverRoom : 0n);
    let room = d.limit;
    if (best) {
      const ceiling = d.m * best.objective;
      if (bound > ceiling) return;
      if (bound === ceiling && secondary + (sums.minSecondary[j] as bigint) >= best.secondary) return;
      if (ceiling - d.dual < room) room = ceiling - d.dual;
    } else if (bound - d.dual > room) return;
    if (j === order.length) {
      if (!best || objective < best.objective || (objective === best.objective && secondary < best.secondary))
        best = { objective, secondary, choice: choice.slice() };
      return;
    }
    const { w, i } = order[j] as { w: SecurityWindow; i: number };
    for (const c of w.candidates) {
      if (reduced + c.reduced > room) break;
      choice[i] = c;
      visit(j + 1, reduced + c.reduced, objective + c.objective, cash + c.cash, turnover + c.turnover, secondary + c.secondary); // prettier-ignore
      if (stop) return;
      if (best && d.m * best.objective - d.dual < room) room = d.m * best.objective - d.dual;
    }
  }

  visit(0, 0n, base.objective, base.cash, base.turnover, base.secondary);
  return stop ?? best;
}
