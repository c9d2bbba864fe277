import { describe, expect, it } from "vitest";
import { Dec, formatDecimal, parseDecimal, roundTo } from "./money.js";

const parsed = (value: unknown) => parseDecimal(value)?.toFixed();

describe("parseDecimal", () => {
  it.each([
    ["12", "12"],
    ["-3.25", "-3.25"],
    ["+1", "1"],
    ["1.", "1"],
    [".5", "0.5"],
    [" 2.50 ", "2.5"],
    ["1e3", "1000"],
    ["1E-35", "0.00000000000000000000000000000000001"],
    ["123456789012345678901234567890.123456789", "123456789012345678901234567890.123456789"],
  ])("accepts the decimal string %j as %s", (text, expected) => {
    expect(parsed(text)).toBe(expected);
  });

  it.each([
    "",
    "   ",
    "1,5",
    "0x10",
    "1.2.3",
    "--1",
    "1e",
    "e5",
    ".",
    "Infinity",
    "-Infinity",
    "NaN",
    "12abc",
    "1 000",
  ])("rejects the string %j", (text) => {
    expect(parseDecimal(text)).toBeUndefined();
  });

  it("reads a JSON number through its shortest round-trip string, so 0.1 stays exactly 0.1", () => {
    expect(parsed(0.1)).toBe("0.1");
    expect(
      parseDecimal(0.1)
        ?.plus(parseDecimal(0.2) as Dec)
        .eq("0.3"),
    ).toBe(true);
    expect(parsed(1e21)).toBe("1000000000000000000000");
    expect(parsed(5e-7)).toBe("0.0000005");
    expect(parsed(-42)).toBe("-42");
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    "rejects the non-finite number %s",
    (value) => {
      expect(parseDecimal(value)).toBeUndefined();
    },
  );

  it.each([true, false, null, undefined, {}, [], [1], 10n])("rejects the non-decimal value %s", (value) => {
    expect(parseDecimal(value)).toBeUndefined();
  });
});

describe("formatDecimal", () => {
  it("writes negative zero as 0", () => {
    expect(formatDecimal(new Dec("-0"))).toBe("0");
    expect(formatDecimal(roundTo(new Dec("-0.0001"), 2))).toBe("0");
  });

  it("writes plain notation with no exponent for very large and very small values", () => {
    expect(formatDecimal(new Dec("1e45"))).toBe(`1${"0".repeat(45)}`);
    expect(formatDecimal(new Dec("1e-35"))).toBe(`0.${"0".repeat(34)}1`);
  });

  it("drops trailing zeros and keeps the sign of non-zero values", () => {
    expect(formatDecimal(new Dec("2.500"))).toBe("2.5");
    expect(formatDecimal(new Dec("100"))).toBe("100");
    expect(formatDecimal(new Dec("-0.010"))).toBe("-0.01");
  });
});

describe("roundTo", () => {
  it.each([
    ["2.5", 0, "3"],
    ["-2.5", 0, "-3"],
    ["1.0005", 3, "1.001"],
    ["1.00049", 3, "1"],
    ["0.12345", 4, "0.1235"],
    ["-0.12345", 4, "-0.1235"],
    ["7", 2, "7"],
  ])("rounds %s half up (away from zero) to %i places as %s", (value, places, expected) => {
    expect(roundTo(new Dec(value), places).toFixed()).toBe(expected);
  });

  it("rounds half up even when the Decimal it is given was built with another rounding mode", () => {
    const Truncating = Dec.clone({ rounding: Dec.ROUND_DOWN });
    expect(roundTo(new Truncating("0.125"), 2).toFixed()).toBe("0.13");
  });
});

describe("Dec", () => {
  it("keeps 40 significant digits", () => {
    expect(new Dec(1).div(3).toFixed()).toBe(`0.${"3".repeat(40)}`);
  });
});
