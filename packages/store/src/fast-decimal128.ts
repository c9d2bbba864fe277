// Dec ↔ Decimal128 for every stored decimal. The driver's Decimal128.fromString and toString do their
// coefficient arithmetic with 64-bit Long emulation: fromString was ~10 % of a worker's CPU in the fleet
// bench, and toString (with the Long objects it allocates) a third of all the memory a document read
// allocated. Plain decimal strings (what formatDecimal prints) are encoded here into the same IEEE 754-2008
// BID bytes, and BID bytes decoded back into decimal text — with plain numbers when the coefficient is
// below 2⁵³ (every quantity and price of a portfolio in practice), with BigInt above. Anything else (NaN,
// infinities, non-canonical coefficients) takes the driver's path.
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

/** The Decimal128 largest canonical coefficient + 1 (34 nines + 1); larger ones are non-canonical. */
const COEFFICIENT_LIMIT = 10n ** 34n;
const TWO_21 = 2 ** 21;

const word = (bytes: Uint8Array, at: number): number =>
  ((bytes[at] as number) | ((bytes[at + 1] as number) << 8) | ((bytes[at + 2] as number) << 16)) +
  (bytes[at + 3] as number) * 2 ** 24;

/**
 * The value of a Decimal128 as decimal text (`"1025e-2"` for 10.25): equal, as a number, to what
 * `value.toString()` prints, without its Long arithmetic.
 */
export function decimalTextOf(value: Decimal128): string {
  const bytes = value.bytes;
  const top = word(bytes, 12);
  // Combination bits 11: NaN, infinity, or a coefficient too large to be canonical — the driver decides.
  if ((top >>> 29) % 4 === 3) return value.toString();
  const sign = top >= 2 ** 31 ? "-" : "";
  const exponent = Math.floor(top / EXPONENT_SHIFT_32) % 2 ** 14;
  const high = top % EXPONENT_SHIFT_32;
  const middle = word(bytes, 8);
  const low = word(bytes, 4);
  if (high === 0 && middle === 0 && low < TWO_21) {
    return `${sign}${low * TWO_32 + word(bytes, 0)}e${exponent - EXPONENT_BIAS}`;
  }
  const coefficient = (BigInt(high) << 96n) | (BigInt(middle) << 64n) | (BigInt(low) << 32n) | BigInt(word(bytes, 0));
  if (coefficient >= COEFFICIENT_LIMIT) return value.toString();
  return `${sign}${coefficient}e${exponent - EXPONENT_BIAS}`;
}
