// Shared set-up for the client tests: a small hand-written dataset with awkward decimals, client
// settings with the delays scaled down, and a logger whose lines the tests can read.
import { createClients, type ClientSettings, type GlobecoClients } from "@ogs/clients";
import { createMetrics, type Logger, type Metrics } from "@ogs/observability";
import { pino } from "pino";
import type { DatasetInput, SimulatorUrls } from "@ogs/test-support";

export const ids = {
  rich: "a00000000000000000000001",
  empty: "a00000000000000000000002",
  cashOnly: "a00000000000000000000003",
  apple: "b00000000000000000000001",
  bond: "b00000000000000000000002",
  free: "b00000000000000000000003",
  unknown: "c00000000000000000000009",
};

export const dataset: DatasetInput = {
  securities: [
    { security_id: ids.apple, ticker: "AAPL", price: "189.95" },
    { security_id: ids.bond, ticker: "BND", price: 72.1 },
    { security_id: ids.free, ticker: "FREE", price: "0" },
  ],
  portfolios: [
    {
      portfolio_id: ids.rich,
      name: "Rich Fund",
      cash: "-1234.567",
      holdings: [
        { security_id: ids.apple, quantity: "100" },
        { security_id: ids.bond, quantity: -0.1 },
      ],
    },
    { portfolio_id: ids.empty, name: "New Fund" },
    { portfolio_id: ids.cashOnly, name: "Cash Fund", cash: 0.1 },
  ],
};

export interface TestClients {
  clients: GlobecoClients;
  metrics: Metrics;
  /** Parsed JSON log lines written so far. */
  logs: Record<string, unknown>[];
}

export function makeClients(urls: SimulatorUrls, overrides: Partial<ClientSettings> = {}): TestClients {
  const logs: Record<string, unknown>[] = [];
  const logger: Logger = pino(
    { level: "debug" },
    { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) },
  );
  const metrics = createMetrics("client-test");
  const settings: ClientSettings = {
    baseUrls: urls,
    timeoutMs: 2_000,
    retries: 3,
    retryBaseMs: 20,
    breakerThreshold: 50,
    breakerOpenMs: 60_000,
    tickerTtlMs: 60_000,
    priceTtlMs: 60_000,
    cacheMaxEntries: 1_000,
    concurrency: 16,
    ...overrides,
  };
  return { clients: createClients(settings, { logger, metrics }), metrics, logs };
}

/** Current value of a labelled counter/gauge in the clients' registry. */
export async function metricValue(metrics: Metrics, name: string, labels: Record<string, string>): Promise<number> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  const match = metric?.values.find((v) => Object.entries(labels).every(([k, value]) => v.labels[k] === value));
  return match?.value ?? 0;
}

/** Runs `fn` and returns how long it took and what it threw. */
export async function timed(fn: () => Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const started = performance.now();
  try {
    await fn();
    return { ms: performance.now() - started, error: undefined };
  } catch (error) {
    return { ms: performance.now() - started, error };
  }
}
