// Builds the optimizer input of one portfolio (SPEC §5.1, §5.2 steps 1–3): the union of held and
// model securities, with the model snapshot's bands and a price for each.
import { Dec, type Position, type RebalanceInput, type RebalanceInputPosition } from "@ogs/domain";
import pMap from "p-map";
import type { PortfolioSummary, RebalanceClients } from "./ports.js";

const ZERO = new Dec(0);

/** Union of holdings and model positions; model order first, then held-only securities by id. */
export function unionOfSecurities(
  summary: PortfolioSummary | null,
  model: readonly Position[],
): Omit<RebalanceInputPosition, "price">[] {
  const held = new Map<string, Dec>();
  for (const holding of summary?.holdings ?? [])
    held.set(holding.securityId, (held.get(holding.securityId) ?? ZERO).plus(holding.quantity));
  const inModel = new Set(model.map((p) => p.securityId));
  const fromModel = model.map((p) => ({
    securityId: p.securityId,
    quantity: held.get(p.securityId) ?? ZERO,
    target: p.target,
    lowDrift: p.lowDrift,
    highDrift: p.highDrift,
  }));
  const heldOnly = [...held.keys()]
    .filter((id) => !inModel.has(id))
    .sort()
    .map((id) => ({ securityId: id, quantity: held.get(id) ?? ZERO, target: ZERO, lowDrift: ZERO, highDrift: ZERO }));
  return [...fromModel, ...heldOnly];
}

export async function loadPortfolioInput(
  clients: RebalanceClients,
  portfolioId: string,
  model: readonly Position[],
  priceConcurrency: number,
): Promise<RebalanceInput> {
  const summary = await clients.accounting.getPortfolioSummary(portfolioId);
  const union = unionOfSecurities(summary, model);
  // Most prices are in the clients' caches (every portfolio of a model shares its securities): only the
  // others are looked up, PRICE_CONCURRENCY at once.
  const prices = union.map((p) => clients.cachedPriceOf(p.securityId));
  const missing = prices.flatMap((price, index) => (price === undefined ? [index] : []));
  const fetched = await pMap(missing, (index) => clients.priceOf((union[index] as { securityId: string }).securityId), {
    concurrency: priceConcurrency,
  });
  missing.forEach((index, i) => (prices[index] = fetched[i]));
  return {
    cash: summary?.cash ?? ZERO,
    positions: union.map((p, index) => ({ ...p, price: prices[index] as Dec })),
  };
}
