// Infeasibility proven without a solver, with the cause named where an option caused it. Causes the plain
// problem of SPEC §5.1 already had keep its bare message, so answers without options stay exactly today's.
import { Dec, formatDecimal } from "@ogs/domain";
import { baseInterval, type Formulation, type SecurityTerm } from "./formulation.js";
import { allowedAtOrAbove, allowedAtOrBelow } from "./pieces.js";

/** `cause` is undefined when the plain message ("no feasible solution exists") is the whole story. */
export interface InfeasibilityProof {
  cause: string | undefined;
}

const text = formatDecimal;

function emptySetCause(term: SecurityTerm, formulation: Formulation): string | undefined {
  const id = term.securityId;
  const { bandLow, bandHigh } = term;
  if (bandLow === null || bandHigh === null) return undefined; // a fixed security is never empty
  const band = baseInterval({ ...term, restriction: null }, bandLow, bandHigh);
  if (band.upper.lt(band.lower)) return undefined; // the band itself holds no whole share: SPEC §5.1's case
  const restricted = baseInterval(term, bandLow, bandHigh);
  if (restricted.upper.lt(restricted.lower))
    return `${id} is restricted to ${term.restriction ?? "none"} and holds ${text(term.current)} shares, so no allowed quantity lies in its band`;
  const minimum = `the minimum trade value ${text(formulation.minTradeValue)}`;
  const lot = `the lot size ${text(term.lotSize)} of ${id}`;
  if (formulation.minTradeValue.isZero()) return `${lot} makes its band unreachable`;
  if (term.lotSize.eq(1)) return `${minimum} makes the band of ${id} unreachable`;
  return `${lot} and ${minimum} make its band unreachable`;
}

/** The least |x − u|·p over the allowed set. */
function leastTurnover(term: SecurityTerm): Dec {
  const below = allowedAtOrBelow(term.pieces, term.current);
  const above = allowedAtOrAbove(term.pieces, term.current);
  const distances = [below, above].flatMap((x) => (x === undefined ? [] : [x.minus(term.current).abs()]));
  return Dec.min(...distances).times(term.price);
}

/** A proof that nothing is feasible, or undefined when these simple checks find none. */
export function proveInfeasible(formulation: Formulation): InfeasibilityProof | undefined {
  let leastSpend = new Dec(0);
  for (const term of formulation.securities) {
    const first = term.pieces[0];
    if (!first) return { cause: emptySetCause(term, formulation) };
    leastSpend = leastSpend.plus(first.from.times(term.price));
  }
  const { marketValue, reserve } = formulation;
  if (leastSpend.gt(formulation.cashBudget)) {
    if (formulation.plain) return { cause: undefined };
    if (leastSpend.lte(marketValue))
      return {
        cause: `the cash reserve ${text(reserve)} exceeds the ${text(marketValue.minus(leastSpend))} that selling every sellable security leaves in cash`,
      };
    return {
      cause: `even at their lowest allowed quantities the securities are worth ${text(leastSpend)}, more than the market value ${text(marketValue)}`,
    };
  }
  const cap = formulation.turnoverCap;
  if (cap !== null) {
    const least = formulation.securities.reduce((sum, term) => sum.plus(leastTurnover(term)), new Dec(0));
    if (least.gt(cap))
      return {
        cause: `reaching the allowed quantities trades at least ${text(least)}, more than the turnover cap ${text(cap)}`,
      };
  }
  return undefined;
}
