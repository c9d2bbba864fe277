// Lagrange multipliers for the core search (core-search.ts): λ for the cash row, μ for the turnover row.
//
// Any λ, μ ≥ 0 give a valid lower bound once core-search.ts evaluates it exactly, so they are searched here
// in doubles: the better they are, the tighter the bound and the smaller the windows, never the less exact.
// The dual D(λ, μ) = Σᵢ min over Xᵢ of [Fᵢ + λ·K·Aᵢ + μ·K·Btᵢ] − λ·K·B − μ·K·T is concave; for a fixed μ the
// best λ is found by bisection on the cash row's subgradient, and μ by a ternary search over the (concave)
// best value of λ at each μ.
import type { ExactProblem } from "./exact-terms.js";

interface FloatSecurity {
  price: number;
  target: number;
  held: number;
  cost: number;
  /** Per piece: from, to, step. */
  pieces: [number, number, number][];
}

export interface Multipliers {
  /** Numerators over `denominator`: λ = cash / denominator, μ = turnover / denominator. */
  cash: bigint;
  turnover: bigint;
  denominator: bigint;
}

const DENOMINATOR_BITS = 32;
const BISECTIONS = 36;
const TERNARY_STEPS = 28;

function floatSecurities(problem: ExactProblem): FloatSecurity[] {
  return problem.securities.map((s) => ({
    price: Number(s.price),
    target: Number(s.targetValue),
    held: Number(s.heldValue),
    cost: Number(s.costRate),
    pieces: s.pieces.map((p) => [Number(p.from), Number(p.to), Number(p.step)]),
  }));
}

/** min over the allowed quantities of F + λKA + μKBt (doubles): its value, cash and turnover. */
function securityMinimum(s: FloatSecurity, k: number, lambda: number, mu: number): [number, number, number] {
  let best = Number.POSITIVE_INFINITY;
  let cash = 0;
  let turnover = 0;
  const consider = (x: number) => {
    const value = s.price * x;
    const traded = Math.abs(value - s.held);
    const g = k * Math.abs(s.target - value) + s.cost * traded + lambda * k * value + mu * k * traded;
    if (g < best) {
      best = g;
      cash = value;
      turnover = traded;
    }
  };
  for (const [from, to, step] of s.pieces) {
    consider(from);
    consider(to);
    for (const kink of [s.target / s.price, s.held / s.price]) {
      const below = from + Math.floor((kink - from) / step) * step;
      if (below >= from && below <= to) consider(below);
      if (below + step >= from && below + step <= to) consider(below + step);
    }
  }
  return [best, cash, turnover];
}

/** Searches λ, μ maximising the dual; returns them as exact fractions. */
export function chooseMultipliers(problem: ExactProblem): Multipliers {
  const securities = floatSecurities(problem);
  const k = Number(problem.costScale);
  const budget = Number(problem.cashBudget) - Number(problem.fixedCash);
  const cap = problem.turnoverCap === null ? null : Number(problem.turnoverCap);
  const highest = 2 + (2 * Math.max(0, ...securities.map((s) => s.cost))) / k;

  function dual(lambda: number, mu: number): { value: number; cash: number; turnover: number } {
    let value = -lambda * k * budget - (cap === null ? 0 : mu * k * cap);
    let cash = 0;
    let turnover = 0;
    for (const s of securities) {
      const [g, c, t] = securityMinimum(s, k, lambda, mu);
      value += g;
      cash += c;
      turnover += t;
    }
    return { value, cash, turnover };
  }

  function bestLambda(mu: number): { lambda: number; value: number; turnover: number } {
    const free = dual(0, mu);
    if (free.cash <= budget) return { lambda: 0, value: free.value, turnover: free.turnover };
    let low = 0;
    let high = highest + mu;
    for (let i = 0; i < BISECTIONS; i += 1) {
      const mid = (low + high) / 2;
      if (dual(mid, mu).cash > budget) low = mid;
      else high = mid;
    }
    const a = dual(low, mu);
    const b = dual(high, mu);
    return a.value >= b.value ? { lambda: low, ...a } : { lambda: high, ...b };
  }

  let best = { mu: 0, ...bestLambda(0) };
  if (cap !== null && best.turnover > cap) {
    let low = 0;
    let high = highest;
    for (let i = 0; i < TERNARY_STEPS; i += 1) {
      const m1 = low + (high - low) / 3;
      const m2 = high - (high - low) / 3;
      if (bestLambda(m1).value < bestLambda(m2).value) low = m1;
      else high = m2;
    }
    const candidate = { mu: low, ...bestLambda(low) };
    if (candidate.value > best.value) best = candidate;
  }
  const denominator = 2n ** BigInt(DENOMINATOR_BITS);
  const fraction = (value: number) => BigInt(Math.round(value * 2 ** DENOMINATOR_BITS));
  return { cash: fraction(best.lambda), turnover: fraction(best.mu), denominator };
}
