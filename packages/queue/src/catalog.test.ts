import { describe, expect, it } from "vitest";
import { jobCatalog, parsePayload } from "./catalog.js";
import { QUEUE_NAMES } from "./names.js";
import { reconnectDelay } from "./connection.js";

describe("jobCatalog", () => {
  it("accepts a portfolio payload of ids and a request id", () => {
    const payload = {
      rebalance_id: "65f000000000000000000001",
      portfolio_id: "65f0000000000000000000aa",
      index: 0,
      request_id: "req-1",
    };
    expect(parsePayload("rebalance-portfolio", payload)).toEqual(payload);
  });

  it("rejects a payload whose portfolio id is not 24 characters", () => {
    expect(() =>
      parsePayload("rebalance-portfolio", {
        rebalance_id: "65f000000000000000000001",
        portfolio_id: "x",
        request_id: "r",
      }),
    ).toThrow();
  });

  it("trims finished jobs by age and count on every job kind", () => {
    for (const definition of Object.values(jobCatalog)) {
      expect(definition.options.removeOnComplete).toMatchObject({ age: expect.any(Number), count: expect.any(Number) });
      expect(definition.options.removeOnFail).toMatchObject({ age: expect.any(Number), count: expect.any(Number) });
    }
  });

  it("puts portfolio jobs and the finaliser on their own queues", () => {
    expect(jobCatalog["rebalance-portfolio"].queue).toBe(QUEUE_NAMES.portfolios);
    expect(jobCatalog["finalize-rebalance"].queue).toBe(QUEUE_NAMES.finalizer);
  });
});

describe("reconnectDelay", () => {
  it("grows with the attempt and is capped at 5 s", () => {
    expect(reconnectDelay(1)).toBe(200);
    expect(reconnectDelay(10)).toBe(2_000);
    expect(reconnectDelay(1_000)).toBe(5_000);
  });
});
