import { BadUpstreamDataError } from "@ogs/domain";
import { describe, expect, it } from "vitest";
import { summarySchema, toDecimal, validate } from "./responses.js";

const where = { service: "accounting", path: "/api/v1/portfolios/x/summary", securityId: "b00000000000000000000001" };

describe(toDecimal.name, () => {
  it("reads amounts given as strings or numbers exactly", () => {
    expect(toDecimal("-1234.567", "cashBalance", where).toFixed()).toBe("-1234.567");
    expect(toDecimal(0.1, "cashBalance", where).toFixed()).toBe("0.1");
  });

  it("rejects a non-numeric amount with an error naming the service, path and security", () => {
    const error = (() => {
      try {
        return toDecimal("12,5", "netQuantity", where);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(BadUpstreamDataError);
    expect(error).toMatchObject({ service: "accounting", path: where.path, securityId: where.securityId });
    expect((error as Error).message).toContain("b00000000000000000000001");
  });
});

describe(validate.name, () => {
  it("rejects a summary without cashBalance as bad upstream data", () => {
    expect(() => validate(summarySchema, { securities: [] }, where)).toThrow(BadUpstreamDataError);
  });

  it("rejects an amount that is neither string nor number", () => {
    expect(() => validate(summarySchema, { cashBalance: null }, where)).toThrow(/cashBalance/);
  });
});
