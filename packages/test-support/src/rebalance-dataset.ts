// A small, hand-made dataset for the worker tests: known market values, one held-only security,
// one portfolio without a balance record, and one too small for the expensive security's band.
import { Dec, type RebalanceInput } from "@ogs/domain";
import type { DatasetInput } from "./simulators.js";
import { snapshotOf } from "./worker-fleet.js";

export const sec = (n: number) => `SEC${String(n).padStart(21, "0")}`;
export const port = (n: number) => `POR${String(n).padStart(21, "0")}`;

export const DATASET: DatasetInput = {
  securities: [
    { security_id: sec(1), ticker: "AAA", price: "10.50" },
    { security_id: sec(2), ticker: "BBB", price: "25" },
    { security_id: sec(3), ticker: "CCC", price: "101.25" },
    { security_id: sec(4), ticker: "DDD", price: "3.333" },
    { security_id: sec(7), ticker: "GGG", price: "48" },
    { security_id: sec(9), ticker: "XPN", price: "10000" },
  ],
  portfolios: [
    {
      portfolio_id: port(1),
      name: "Alpha",
      cash: "100000",
      holdings: [
        { security_id: sec(1), quantity: "100" },
        { security_id: sec(2), quantity: "50" },
      ],
    },
    {
      portfolio_id: port(2),
      name: "Beta",
      cash: "80000",
      holdings: [
        { security_id: sec(3), quantity: "200" },
        { security_id: sec(7), quantity: "30" },
      ],
    },
    { portfolio_id: port(3), name: "Gamma", cash: "250000" },
    { portfolio_id: port(4), name: "Delta (no balances)" },
    { portfolio_id: port(5), name: "Epsilon (too small)", cash: "20000" },
    { portfolio_id: port(6), name: "Zeta", cash: "150000", holdings: [{ security_id: sec(4), quantity: "-10" }] },
  ],
};

/** The model: four ordinary securities and one whose price only fits portfolios of ≥ ~66,700. */
export function modelSnapshot(modelId: string) {
  return snapshotOf(modelId, [
    { id: sec(1), target: "0.2", low: "0.05", high: "0.05" },
    { id: sec(2), target: "0.2", low: "0.05", high: "0.05" },
    { id: sec(3), target: "0.2", low: "0.05", high: "0.05" },
    { id: sec(4), target: "0.15", low: "0.05", high: "0.05" },
    { id: sec(9), target: "0.1", low: "0.05", high: "0.05" },
  ]);
}

/** The optimizer input of one portfolio, built independently from the dataset (model order, then held-only by id). */
export function inputFor(portfolioId: string, modelId: string): RebalanceInput {
  const portfolio = DATASET.portfolios.find((p) => p.portfolio_id === portfolioId)!;
  const price = (id: string) => new Dec(String(DATASET.securities.find((s) => s.security_id === id)!.price));
  const held = new Map((portfolio.holdings ?? []).map((h) => [h.security_id, new Dec(String(h.quantity))]));
  const model = modelSnapshot(modelId).positions;
  const modelIds = new Set(model.map((p) => p.securityId));
  const zero = new Dec(0);
  return {
    cash: new Dec(String(portfolio.cash ?? "0")),
    positions: [
      ...model.map((p) => ({
        securityId: p.securityId,
        quantity: held.get(p.securityId) ?? zero,
        price: price(p.securityId),
        target: p.target,
        lowDrift: p.lowDrift,
        highDrift: p.highDrift,
      })),
      ...[...held.keys()]
        .filter((id) => !modelIds.has(id))
        .sort()
        .map((id) => ({
          securityId: id,
          quantity: held.get(id)!,
          price: price(id),
          target: zero,
          lowDrift: zero,
          highDrift: zero,
        })),
    ],
  };
}
