// The JSON form of trading options: exact strings out, strings or numbers in, every option round-trips.
import { describe, expect, it } from "vitest";
import { Dec } from "../money.js";
import { rebalanceOptionsFromJson, rebalanceOptionsToJson } from "./options-json.js";
import type { RebalanceOptions } from "./options.js";

describe("rebalanceOptionsToJson / rebalanceOptionsFromJson", () => {
  const every: RebalanceOptions = {
    mode: "buy_only",
    minCash: new Dec("1000.50"),
    minCashFraction: new Dec("0.02"),
    minTradeValue: new Dec(500),
    maxTurnover: new Dec("0.25"),
    transactionCostBps: new Dec("5"),
    restrictions: { SEC1: "no_sell" },
    lotSizes: { SEC1: 100 },
    transactionCostBpsBySecurity: { SEC1: new Dec("2.5") },
  };

  it("writes snake_case names and exact decimal strings", () => {
    expect(rebalanceOptionsToJson(every)).toEqual({
      mode: "buy_only",
      min_cash: "1000.5",
      min_cash_fraction: "0.02",
      min_trade_value: "500",
      max_turnover: "0.25",
      transaction_cost_bps: "5",
      restrictions: { SEC1: "no_sell" },
      lot_sizes: { SEC1: 100 },
      transaction_cost_bps_by_security: { SEC1: "2.5" },
    });
    expect(rebalanceOptionsToJson({})).toEqual({});
  });

  it("reads numbers or strings and round-trips every option", () => {
    const back = rebalanceOptionsFromJson(rebalanceOptionsToJson(every));
    expect(rebalanceOptionsToJson(back)).toEqual(rebalanceOptionsToJson(every));
    expect(rebalanceOptionsFromJson({ min_cash: 12.5 }).minCash?.toString()).toBe("12.5");
  });
});
