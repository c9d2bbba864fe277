// Decimals on the wire (SPEC §3): requests accept a JSON number or a string holding one; responses emit
// exact strings. Only the shape is checked here; ranges belong to the rule that owns the value.
import { formatDecimal, parseDecimal, type Dec } from "@ogs/domain";
import { z } from "./zod.js";

/** Decimal128 keeps 34 significant digits; more could not be stored exactly. */
const MAX_SIGNIFICANT_DIGITS = 34;

/** Type errors say "is required" when the field is missing, else what was expected. */
export const expected = (what: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? "is required" : `must be ${what}`),
});

export interface DecimalBounds {
  /** Inclusive; omitted: no upper bound. */
  max?: Dec;
  /** Checked in the schema when true (negative decimals are refused). @defaultValue true */
  nonNegative?: boolean;
}

/** A decimal request field: a number or a string, finite, at most 34 significant digits, within `bounds`. */
export function decimalInput(example: string, { max, nonNegative = true }: DecimalBounds = {}) {
  const range = max ? ` in [0, ${formatDecimal(max)}]` : nonNegative ? " ≥ 0" : "";
  return z
    .union([z.string(), z.number()], expected("a decimal number or a string holding one"))
    .superRefine((value, ctx) => {
      const parsed = parseDecimal(value);
      if (!parsed) {
        ctx.addIssue({
          code: "custom",
          message: `must be a finite decimal such as "${example}", got ${JSON.stringify(value)}`,
        });
      } else if (nonNegative && parsed.lessThan(0)) {
        ctx.addIssue({ code: "custom", message: `must be at least 0, got ${formatDecimal(parsed)}` });
      } else if (max && parsed.greaterThan(max)) {
        ctx.addIssue({
          code: "custom",
          message: `must be at most ${formatDecimal(max)}, got ${formatDecimal(parsed)}`,
        });
      } else if (parsed.sd(true) > MAX_SIGNIFICANT_DIGITS) {
        ctx.addIssue({ code: "custom", message: `must have at most ${MAX_SIGNIFICANT_DIGITS} significant digits` });
      }
    })
    .openapi({ description: `Decimal${range}, as a string (exact) or a number.`, example });
}

/** A decimal that passed decimalInput; a failure here is a bug, not bad input. */
export function decimalOf(value: string | number): Dec {
  const parsed = parseDecimal(value);
  if (!parsed) throw new Error(`schema let through a non-decimal value ${JSON.stringify(value)}`);
  return parsed;
}

export const DecimalOutput = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/)
  .openapi({ description: "Exact decimal as a string.", example: "0.125" });
