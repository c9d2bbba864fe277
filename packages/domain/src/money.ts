// Exact decimal arithmetic for money and quantities (SPEC §3: no binary floating point).
import { Decimal } from "decimal.js";

/** The project's Decimal constructor: 40 significant digits, half-up rounding (SPEC §5.2 step 4). */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });
export type Dec = Decimal;

const DECIMAL_PATTERN = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses a JSON string or number into an exact decimal. Numbers are read through their shortest
 * round-trip string (`String(0.1)` is "0.1"), so 0.1 stays 0.1. Returns undefined for anything
 * that is not a finite decimal (NaN, Infinity, "", "1,5", "0x10", booleans, ...).
 */
export function parseDecimal(value: unknown): Decimal | undefined {
  if (typeof value === "number") {
    return Number.isFinite(value) ? new Dec(String(value)) : undefined;
  }
  if (typeof value === "string") {
    const text = value.trim();
    return DECIMAL_PATTERN.test(text) ? new Dec(text) : undefined;
  }
  return undefined;
}

/** Rounds half up to `places` decimals. */
export function roundTo(value: Decimal, places: number): Decimal {
  return value.toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
}

/** Canonical wire form of a decimal: plain notation, no exponent, no trailing zeros. */
export function formatDecimal(value: Decimal): string {
  const text = value.toFixed();
  return text === "-0" ? "0" : text;
}
