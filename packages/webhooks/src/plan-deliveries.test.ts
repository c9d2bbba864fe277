import { describe, expect, it } from "vitest";
import { deriveWebhookId, eventTypeForStatus, type RebalanceOutcome } from "./events.js";
import { planDeliveries } from "./plan-deliveries.js";

const rebalance: RebalanceOutcome = {
  rebalance_id: "65a000000000000000000001",
  model_id: "65a0000000000000000000aa",
  status: "completed_with_errors",
  progress: { queued: 0, running: 0, completed: 3, infeasible: 1, failed: 0, cancelled: 0 },
  completed_at: new Date("2025-03-04T05:06:07.000Z"),
  options: { mode: "buy_only", min_trade_value: "500" },
};
const all = { endpoint_id: "e1", url: "https://a.example/hook" };
const failedOnly = { endpoint_id: "e2", url: "https://b.example/hook", events: ["rebalance.failed"] };
const withErrors = {
  endpoint_id: "e3",
  url: "https://a.example/hook",
  events: ["rebalance.completed_with_errors", "rebalance.failed"],
};

describe(planDeliveries.name, () => {
  it("sends the event to the callback and to every subscription whose events include it", () => {
    const plans = planDeliveries(rebalance, [all, failedOnly, withErrors], "https://caller.example/cb");
    expect(plans.map((p) => [p.destination, p.endpoint_id])).toEqual([
      ["https://caller.example/cb", undefined],
      ["https://a.example/hook", "e1"],
      ["https://a.example/hook", "e3"],
    ]);
    expect(new Set(plans.map((p) => p.event_type))).toEqual(new Set(["rebalance.completed_with_errors"]));
  });

  it("builds the SPEC §6 body once, identical for every destination", () => {
    const plans = planDeliveries(rebalance, [all], "https://caller.example/cb");
    expect(plans[0]?.payload).toBe(plans[1]?.payload);
    expect(JSON.parse(plans[0]?.payload ?? "")).toEqual({
      type: "rebalance.completed_with_errors",
      timestamp: "2025-03-04T05:06:07.000Z",
      data: {
        rebalance_id: rebalance.rebalance_id,
        model_id: rebalance.model_id,
        status: "completed_with_errors",
        progress: rebalance.progress,
        options: { mode: "buy_only", min_trade_value: "500" },
        links: {
          self: `/api/v1/rebalance/${rebalance.rebalance_id}/status`,
          document: `/api/v1/rebalance/${rebalance.rebalance_id}`,
          portfolios: `/api/v1/rebalance/${rebalance.rebalance_id}/portfolios`,
          deliveries: `/api/v1/rebalance/${rebalance.rebalance_id}/deliveries`,
        },
      },
    });
  });

  it("reports no options as {}", () => {
    const { options: _none, ...plain } = rebalance;
    const [plan] = planDeliveries(plain, [all]);
    expect(JSON.parse(plan?.payload ?? "").data.options).toEqual({});
  });

  it("gives each destination its own webhook-id, the same every time the finaliser plans", () => {
    const first = planDeliveries(rebalance, [all, withErrors], "https://caller.example/cb");
    const again = planDeliveries({ ...rebalance }, [withErrors, all], "https://caller.example/cb");
    expect(new Set(first.map((p) => p.webhook_id)).size).toBe(3);
    expect(again.map((p) => p.webhook_id).sort()).toEqual(first.map((p) => p.webhook_id).sort());
    expect(first[0]?.webhook_id).toBe(
      deriveWebhookId(rebalance.rebalance_id, "rebalance.completed_with_errors", "https://caller.example/cb"),
    );
    expect(first[0]?.webhook_id).toMatch(/^msg_[A-Za-z0-9_-]{32}$/);
  });

  it("treats an empty events list like no list: every event", () => {
    expect(planDeliveries(rebalance, [{ ...all, events: [] }])).toHaveLength(1);
  });

  it("plans nothing for a rebalance that has not ended, or with no destination", () => {
    expect(planDeliveries({ ...rebalance, status: "running" }, [all], "https://caller.example/cb")).toEqual([]);
    expect(planDeliveries(rebalance, [failedOnly])).toEqual([]);
    expect(planDeliveries(rebalance, [], null)).toEqual([]);
  });
});

describe(eventTypeForStatus.name, () => {
  it("maps each terminal status to its event type", () => {
    expect(eventTypeForStatus("completed")).toBe("rebalance.completed");
    expect(eventTypeForStatus("completed_with_errors")).toBe("rebalance.completed_with_errors");
    expect(eventTypeForStatus("failed")).toBe("rebalance.failed");
    expect(eventTypeForStatus("queued")).toBeUndefined();
  });
});
