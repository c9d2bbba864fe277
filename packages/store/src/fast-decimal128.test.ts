import fc from "fast-check";
import { Decimal128 } from "mongodb";
import { describe, expect, it } from "vitest";
import { Dec } from "@ogs/domain";
import { decimal128FromPlain, decimalTextOf, toDecimal128Fast } from "./fast-decimal128.js";

const same = (text: string): void => {
  expect(Buffer.from(decimal128FromPlain(text).bytes).toString("hex")).toBe(
    Buffer.from(Decimal128.fromString(text).bytes).toString("hex"),
  );
};

describe("decimal128FromPlain", () => {
  it("encodes exactly the bytes the driver's fromString produces", () => {
    for (const text of [
      "0",
      "-0",
      "1.50",
      "0.0005",
      "-12.345",
      "100",
      "0.00",
      "007.10",
      "123456789012345678901234567890.1234",
      "9999999999999999999999999999999999",
      "999999999999999",
      "1000000000000000",
      "-999999999999999.1",
      "4294967296",
      "0.000000000000001",
      "-0.000000000000000000000000000000001",
    ])
      same(text);
  });

  it("agrees with fromString on random plain decimals of up to 34 digits", () => {
    const plain = fc
      .tuple(
        fc.boolean(),
        fc.stringMatching(/^\d{1,20}$/),
        fc.option(fc.stringMatching(/^\d{1,14}$/), { nil: undefined }),
      )
      .map(
        ([negative, whole, fraction]) =>
          `${negative ? "-" : ""}${whole}${fraction === undefined ? "" : `.${fraction}`}`,
      );
    fc.assert(fc.property(plain, same), { numRuns: 2_000 });
  });

  it("agrees with fromString on either side of the 15-digit number path", () => {
    const around = fc
      .tuple(fc.boolean(), fc.stringMatching(/^\d{13,17}$/), fc.integer({ min: 0, max: 16 }))
      .map(([negative, digits, point]) => {
        const at = Math.min(point, digits.length - 1);
        const text = at === 0 ? digits : `${digits.slice(0, -at)}.${digits.slice(-at)}`;
        return `${negative ? "-" : ""}${text}`;
      });
    fc.assert(fc.property(around, same), { numRuns: 2_000 });
  });

  it("leaves longer or non-plain strings to the driver", () => {
    expect(() => decimal128FromPlain("1.23456789012345678901234567890123456")).toThrow();
    same("1E+3");
  });

  it("round-trips a Dec through its stored form", () => {
    expect(toDecimal128Fast(new Dec("-4521.0375")).toString()).toBe("-4521.0375");
  });
});

describe("decimalTextOf", () => {
  /** The decoded text and the driver's toString are the same decimal (or the same NaN / infinity). */
  const agrees = (value: Decimal128): void => {
    expect(new Dec(decimalTextOf(value)).toString()).toBe(new Dec(value.toString()).toString());
  };

  it("decodes the decimal the driver's toString prints", () => {
    for (const text of [
      "0",
      "-0",
      "-0.00",
      "10.25",
      "1.50",
      "-12.345",
      "1E+3",
      "9007199254740991",
      "9007199254740993",
      "9999999999999999999999999999999999",
      "-0.000000000000000000000000000000001",
      "NaN",
      "Infinity",
      "-Infinity",
    ])
      agrees(Decimal128.fromString(text));
  });

  it("prints exponent notation with the coefficient's own digits", () => {
    expect(decimalTextOf(Decimal128.fromString("10.250"))).toBe("10250e-3");
    expect(decimalTextOf(Decimal128.fromString("-7"))).toBe("-7e0");
  });

  it("agrees with toString on random plain decimals and on any 16 bytes", () => {
    const plain = fc
      .tuple(fc.boolean(), fc.stringMatching(/^\d{1,20}$/), fc.stringMatching(/^\d{0,14}$/))
      .map(([negative, whole, fraction]) => `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`);
    fc.assert(
      fc.property(plain, (text) => agrees(Decimal128.fromString(text))),
      { numRuns: 2_000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => agrees(new Decimal128(bytes))),
      { numRuns: 5_000 },
    );
  });
});
