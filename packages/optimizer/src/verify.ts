// Exact re-check of every solution before it leaves the optimizer (SPEC §5.1, last bullet), against the
// declared rules of the formulation — not against the allowed sets the solvers derived from them.
import type { Dec, RebalanceInput, RebalanceOptions } from "@ogs/domain";
import { buildFormulation, type Formulation, type SecurityTerm } from "./formulation.js";
import { SolutionCheckError } from "./solution-check-error.js";

function checkSecurity(term: SecurityTerm, x: Dec, minTradeValue: Dec): void {
  const name = term.securityId;
  const fail = (constraint: string, detail: string) => {
    throw new SolutionCheckError(`${constraint} of ${name}`, detail);
  };
  const u = term.current;
  if (term.fixed) {
    if (!x.eq(u)) fail("no_trade", `quantity ${x.toFixed()} ≠ ${u.toFixed()}`);
    return;
  }
  if (!x.isInteger()) fail("integrality", `quantity ${x.toFixed()} is not whole`);
  if (x.isNegative() && !x.isZero()) fail("non-negativity", `quantity ${x.toFixed()} < 0`);
  const value = x.times(term.price);
  const low = term.bandLow as Dec;
  const high = term.bandHigh as Dec;
  if (value.lt(low)) fail("lower band", `${value.toFixed()} < ${low.toFixed()}`);
  if (value.gt(high)) fail("upper band", `${value.toFixed()} > ${high.toFixed()}`);
  if (term.restriction === "no_buy" && x.gt(u)) fail("no_buy", `quantity ${x.toFixed()} > ${u.toFixed()}`);
  if (term.restriction === "no_sell" && x.lt(u)) fail("no_sell", `quantity ${x.toFixed()} < ${u.toFixed()}`);
  if (x.isZero() || (term.lotSize.eq(1) && minTradeValue.isZero())) return; // closing is exempt from both
  const trade = x.minus(u);
  if (term.lotSize.gt(1) && !trade.mod(term.lotSize).isZero())
    fail("lot size", `trade ${trade.toFixed()} is not a multiple of ${term.lotSize.toFixed()}`);
  if (!trade.isZero() && trade.abs().times(term.price).lt(minTradeValue))
    fail("minimum trade", `trade value ${trade.abs().times(term.price).toFixed()} < ${minTradeValue.toFixed()}`);
}

/** Throws a SolutionCheckError naming the first violated constraint; returns the cash spent Σ xᵢpᵢ. */
export function verifyFormulation(formulation: Formulation, quantities: readonly Dec[]): Dec {
  const { securities, marketValue } = formulation;
  if (quantities.length !== securities.length) {
    throw new SolutionCheckError("shape", `expected ${securities.length} quantities, got ${quantities.length}`);
  }
  const capped = formulation.turnoverCap !== null;
  let spent = marketValue.minus(marketValue);
  let turnover = spent;
  securities.forEach((term, index) => {
    const x = quantities[index] as Dec;
    checkSecurity(term, x, formulation.minTradeValue);
    spent = spent.plus(x.times(term.price));
    if (capped) turnover = turnover.plus(x.minus(term.current).abs().times(term.price));
  });
  if (spent.gt(formulation.cashBudget)) {
    const reserve = formulation.reserve.isZero() ? "" : ` − reserve ${formulation.reserve.toFixed()}`;
    throw new SolutionCheckError("cash", `spent ${spent.toFixed()} > market value ${marketValue.toFixed()}${reserve}`);
  }
  if (formulation.turnoverCap !== null && turnover.gt(formulation.turnoverCap))
    throw new SolutionCheckError("turnover", `${turnover.toFixed()} > cap ${formulation.turnoverCap.toFixed()}`);
  return spent;
}

/** verifyFormulation on the formulation of (input, options). */
export function verifySolution(
  input: RebalanceInput,
  marketValue: Dec,
  quantities: readonly Dec[],
  options: RebalanceOptions = {},
): Dec {
  return verifyFormulation(buildFormulation(input, marketValue, options), quantities);
}
