// Exact floor/ceil of a decimal quotient: integer bounds must never inherit rounding noise.
import type { Dec } from "@ogs/domain";

/**
 * floor(numerator / denominator) for denominator > 0, exact: the 40-digit quotient is only a guess,
 * corrected by exact multiplications so a quotient a hair away from an integer cannot round onto it.
 */
export function floorDiv(numerator: Dec, denominator: Dec): Dec {
  let quotient = numerator.div(denominator).floor();
  while (quotient.times(denominator).gt(numerator)) quotient = quotient.minus(1);
  while (quotient.plus(1).times(denominator).lte(numerator)) quotient = quotient.plus(1);
  return quotient;
}

/** ceil(numerator / denominator) for denominator > 0, exact. */
export function ceilDiv(numerator: Dec, denominator: Dec): Dec {
  return floorDiv(numerator.neg(), denominator).neg();
}
