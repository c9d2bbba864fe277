// Dec <-> Decimal128: decimals are stored exactly in MongoDB (SPEC §3), never as binary floats.
// Shared by every collection that stores money or weights.
import { Dec } from "@ogs/domain";
import type { Decimal128 } from "mongodb";
import { decimalTextOf, toDecimal128Fast } from "./fast-decimal128.js";

/** Decimal128 holds 34 significant digits; callers validate input to that precision (the API does). */
export function toDecimal128(value: Dec): Decimal128 {
  return toDecimal128Fast(value);
}

export function fromDecimal128(value: Decimal128): Dec {
  return new Dec(decimalTextOf(value));
}

/** Same as `fromDecimal128`, keeping null as null (optional stored decimals). */
export function fromNullableDecimal128(value: Decimal128 | null | undefined): Dec | null {
  return value === null || value === undefined ? null : fromDecimal128(value);
}
