// Dec → Decimal128 for every stored decimal. The driver's
// Decimal128.fromString does its coefficient arithmetic with 64-bit Long emulation and was ~10 % of a
// worker's CPU in the fleet bench; plain decimal strings (what formatDecimal prints) are encoded here
// into the same IEEE 754-2008 BID bytes — with plain numbers when the coefficient has at most 15 digits
// (exact below 2⁵³: every quantity and price of a portfolio in practice), with BigInt above. Anything else
// falls back to fromString.
import { formatDecimal, type Dec } from "@ogs/domain";
import { Decimal128 } from "mongodb";

const PLAIN = /^(-?)(\d+)(?:\.(\d+))?$/;
/** Decimal128 holds 34 significant digits; longer coefficients take the driver's (throwing) path. */
const MAX_DIGITS = 34;
const EXPONENT_BIAS = 6176;
const LOW_MASK = (1n << 64n) - 1n;
/** Coefficients of at most this many digits are below 2⁵³, exact as a JavaScript number. */
const NUMBER_DIGITS = 15;
const TWO_32 = 2 ** 32;
/** The exponent field starts at bit 49 of the high word, i.e. bit 17 of its upper 32 bits. */
const EXPONENT_SHIFT_32 = 2 ** 17;

/** The Decimal128 of a plain decimal string, byte-identical to `Decimal128.fromString(text)`. */
export function decimal128FromPlain(text: string): Decimal128 {
  const match = PLAIN.exec(text);
  const digits = match ? `${match[2]}${match[3] ?? ""}`.replace(/^0+(?=\d)/, "") : "";
  if (!match || digits.length > MAX_DIGITS) return Decimal128.fromString(text);
  if (digits.length <= NUMBER_DIGITS) {
    const small = Number(digits);
    const bytes = Buffer.alloc(16);
    bytes.writeUInt32LE(small % TWO_32, 0);
    bytes.writeUInt32LE(Math.floor(small / TWO_32), 4);
    // Bytes 8–11 (the coefficient's bits above 64, and the exponent's low bits below 49) stay 0.
    const exponent = EXPONENT_BIAS - (match[3]?.length ?? 0);
    bytes.writeUInt32LE((match[1] ? 2 ** 31 : 0) + exponent * EXPONENT_SHIFT_32, 12);
    return new Decimal128(bytes);
  }
  const coefficient = BigInt(digits);
  const exponent = BigInt(EXPONENT_BIAS - (match[3]?.length ?? 0));
  const high = (match[1] ? 1n << 63n : 0n) | (exponent << 49n) | (coefficient >> 64n);
  const bytes = Buffer.alloc(16);
  bytes.writeBigUInt64LE(coefficient & LOW_MASK, 0);
  bytes.writeBigUInt64LE(high, 8);
  return new Decimal128(bytes);
}

export function toDecimal128Fast(value: Dec): Decimal128 {
  return decimal128FromPlain(formatDecimal(value));
}
