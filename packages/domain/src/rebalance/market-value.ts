// Market value of a portfolio, exactly as SPEC §5.2 step 4 rounds it.
import { Dec, roundTo } from "../money.js";
import type { RebalanceInput } from "./types.js";

/** Position value uᵢ·pᵢ rounded half up to 3 decimals (SPEC §5.2 step 4). */
export function computePositionValue(quantity: Dec, price: Dec): Dec {
  return roundTo(quantity.times(price), 3);
}

/** MV = C + Σ round₃(uᵢ·pᵢ), rounded half up to 3 decimals (SPEC §5.2 step 4). */
export function computeMarketValue(input: RebalanceInput): Dec {
  let total = new Dec(input.cash);
  for (const position of input.positions) {
    total = total.plus(computePositionValue(position.quantity, position.price));
  }
  return roundTo(total, 3);
}

/** Portfolio drift Σ |MV·tᵢ − u'ᵢ·pᵢ|, the objective of SPEC §5.1, in exact decimals. */
export function computePortfolioDrift(input: RebalanceInput, marketValue: Dec, quantities: readonly Dec[]): Dec {
  if (quantities.length !== input.positions.length) {
    throw new RangeError(`expected ${input.positions.length} quantities, got ${quantities.length}`);
  }
  let drift = new Dec(0);
  input.positions.forEach((position, index) => {
    const quantity = quantities[index] as Dec;
    drift = drift.plus(marketValue.times(position.target).minus(quantity.times(position.price)).abs());
  });
  return drift;
}
