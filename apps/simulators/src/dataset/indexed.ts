// The dataset indexed in Maps, so every lookup is O(1) whatever the dataset size (≥ 2,000 req/s).
import type { Dataset, SimulatedPortfolio, SimulatedSecurity } from "./types.js";

export interface IndexedDataset {
  readonly dataset: Dataset;
  readonly securitiesById: ReadonlyMap<string, SimulatedSecurity>;
  readonly securitiesByTicker: ReadonlyMap<string, SimulatedSecurity>;
  readonly portfoliosById: ReadonlyMap<string, SimulatedPortfolio>;
  /** The whole dataset as JSON, serialised once on first use. */
  json(): string;
}

export function indexDataset(dataset: Dataset): IndexedDataset {
  let json: string | undefined;
  return {
    dataset,
    securitiesById: new Map(dataset.securities.map((s) => [s.security_id, s])),
    securitiesByTicker: new Map(dataset.securities.map((s) => [s.ticker, s])),
    portfoliosById: new Map(dataset.portfolios.map((p) => [p.portfolio_id, p])),
    json: () => (json ??= JSON.stringify(dataset)),
  };
}
