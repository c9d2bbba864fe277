import { describe, expect, it } from "vitest";
import {
  currentDeliveryJobId,
  deliveryIdOfJob,
  finalizerJobId,
  portfolioJobId,
  redeliveryJobId,
  webhookJobId,
} from "./job-ids.js";

describe("portfolioJobId", () => {
  it("is deterministic per (rebalance, portfolio) and contains no colon (BullMQ rejects custom ids with one)", () => {
    const id = portfolioJobId("65f000000000000000000001", "65f0000000000000000000aa");
    expect(id).toBe("65f000000000000000000001-65f0000000000000000000aa");
    expect(id).not.toContain(":");
    expect(portfolioJobId("65f000000000000000000001", "65f0000000000000000000aa")).toBe(id);
  });

  it("gives the finaliser an id no 24-character portfolio id can produce", () => {
    const id = finalizerJobId("65f000000000000000000001");
    expect(id).toBe("65f000000000000000000001-finalize");
    expect(id).not.toMatch(/-[A-Za-z0-9]{24}$/);
  });
});

describe("deliveryIdOfJob", () => {
  it("finds the delivery id in a first run's and a redelivery's job id, and nothing in other ids", () => {
    const delivery = "65f0000000000000000000dd";
    expect(deliveryIdOfJob(webhookJobId(delivery))).toBe(delivery);
    expect(deliveryIdOfJob(redeliveryJobId(delivery, 3))).toBe(delivery);
    expect(deliveryIdOfJob(finalizerJobId(delivery))).toBeUndefined();
    expect(deliveryIdOfJob(portfolioJobId(delivery, "65f0000000000000000000aa"))).toBeUndefined();
    expect(deliveryIdOfJob("deliver")).toBeUndefined();
  });
});

describe("currentDeliveryJobId", () => {
  it("is the first run's id until a redelivery, then the latest redelivery's", () => {
    const delivery = "65f0000000000000000000dd";
    expect(currentDeliveryJobId(delivery, 0)).toBe("65f0000000000000000000dd-deliver");
    expect(currentDeliveryJobId(delivery, 2)).toBe("65f0000000000000000000dd-redeliver-2");
    expect(redeliveryJobId(delivery, 2)).not.toBe(redeliveryJobId(delivery, 3));
  });
});
