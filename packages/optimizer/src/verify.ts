// Exact re-check of every solution before it leaves the optimizer (SPEC §5.1, last bullet).
import type { Dec, RebalanceInput } from "@ogs/domain";
import { SolutionCheckError } from "./solution-check-error.js";

/** Throws a SolutionCheckError naming the first violated constraint; returns the cash spent Σ u'ᵢpᵢ. */
export function verifySolution(input: RebalanceInput, marketValue: Dec, quantities: readonly Dec[]): Dec {
  if (quantities.length !== input.positions.length) {
    throw new SolutionCheckError("shape", `expected ${input.positions.length} quantities, got ${quantities.length}`);
  }
  let spent = marketValue.minus(marketValue);
  input.positions.forEach((position, index) => {
    const quantity = quantities[index] as Dec;
    const name = position.securityId;
    if (!quantity.isInteger())
      throw new SolutionCheckError(`integrality of ${name}`, `quantity ${quantity.toFixed()} is not whole`);
    if (quantity.isNegative() && !quantity.isZero())
      throw new SolutionCheckError(`non-negativity of ${name}`, `quantity ${quantity.toFixed()} < 0`);
    const value = quantity.times(position.price);
    const floor = marketValue.times(position.target.minus(position.lowDrift));
    const ceiling = marketValue.times(position.target.plus(position.highDrift));
    if (value.lt(floor))
      throw new SolutionCheckError(`lower band of ${name}`, `${value.toFixed()} < ${floor.toFixed()}`);
    if (value.gt(ceiling))
      throw new SolutionCheckError(`upper band of ${name}`, `${value.toFixed()} > ${ceiling.toFixed()}`);
    spent = spent.plus(value);
  });
  if (spent.gt(marketValue))
    throw new SolutionCheckError("cash", `spent ${spent.toFixed()} > market value ${marketValue.toFixed()}`);
  return spent;
}
