// The GlobeCo clients a worker uses (SPEC §5.2, §5.3): one resilient HTTP stack per service, a shared
// concurrency cap, and LRU caches for tickers and prices in which concurrent lookups of one key share
// one request (lru-cache `fetchMethod` coalesces in-flight fetches).
import type { Dec } from "@ogs/domain";
import type { Logger, Metrics } from "@ogs/observability";
import { LRUCache } from "lru-cache";
import pLimit from "p-limit";
import { createServiceHttp, type ServiceHttp } from "./service-http.js";
import {
  fetchPortfolioName,
  fetchPortfolioSummary,
  fetchPrice,
  fetchTicker,
  submitOrders,
  type PortfolioSummary,
} from "./service-clients.js";
import { SERVICE_NAMES, type ClientSettings, type ServiceName } from "./settings.js";

export interface GlobecoClients {
  accounting: { getPortfolioSummary(portfolioId: string): Promise<PortfolioSummary | null> };
  security: { getTicker(securityId: string): Promise<string> };
  pricing: { getPrice(ticker: string, securityId: string): Promise<Dec> };
  portfolio: { getPortfolioName(portfolioId: string): Promise<string | undefined> };
  order: { submitOrders(orders: unknown[]): Promise<unknown> };
  /** Ticker then price for one security, both cached and coalesced. */
  priceOf(securityId: string): Promise<Dec>;
  /**
   * The price `priceOf` would answer at once from its caches (both fresh), else undefined: the common case of a
   * rebalance's securities, read without the promises and fetch bookkeeping of ~50 cache look-ups per portfolio.
   */
  cachedPriceOf(securityId: string): Dec | undefined;
  close(): Promise<void>;
}

export function createClients(settings: ClientSettings, deps: { logger: Logger; metrics: Metrics }): GlobecoClients {
  const limit = pLimit(settings.concurrency);
  const http = Object.fromEntries(
    SERVICE_NAMES.map((name) => [name, createServiceHttp(name, settings, { ...deps, limit })]),
  ) as Record<ServiceName, ServiceHttp>;

  // ignoreFetchAbort: a lookup still in flight when its entry is evicted (a full cache, a slow retry) is not
  // rejected with "evicted"; its callers get its answer, which is simply not kept.
  const tickers = new LRUCache<string, string>({
    max: settings.cacheMaxEntries,
    ignoreFetchAbort: true,
    ttl: settings.tickerTtlMs,
    fetchMethod: (securityId) => fetchTicker(http.security, securityId),
  });
  // Keyed by ticker; the security id rides along as fetch context so errors can name it.
  const prices = new LRUCache<string, Dec, string>({
    max: settings.cacheMaxEntries,
    ignoreFetchAbort: true,
    ttl: settings.priceTtlMs,
    fetchMethod: (ticker, _stale, { context }) => fetchPrice(http.pricing, ticker, context),
  });

  const getTicker = async (securityId: string) =>
    (await tickers.fetch(securityId)) ?? fetchTicker(http.security, securityId);
  const getPrice = async (ticker: string, securityId: string) =>
    (await prices.fetch(ticker, { context: securityId })) ?? fetchPrice(http.pricing, ticker, securityId);

  return {
    accounting: { getPortfolioSummary: (portfolioId) => fetchPortfolioSummary(http.accounting, portfolioId) },
    security: { getTicker },
    pricing: { getPrice },
    portfolio: {
      getPortfolioName: (portfolioId) =>
        fetchPortfolioName(http.portfolio, portfolioId, (error) =>
          deps.logger.warn(
            { err: error, service: "portfolio", portfolio_id: portfolioId },
            "portfolio name unavailable; the portfolio id stands in for it",
          ),
        ),
    },
    order: { submitOrders: (orders) => submitOrders(http.order, orders) },
    priceOf: async (securityId) => getPrice(await getTicker(securityId), securityId),
    cachedPriceOf: (securityId) => {
      const ticker = tickers.get(securityId);
      return ticker === undefined ? undefined : prices.get(ticker);
    },
    close: () => {
      tickers.clear();
      prices.clear();
      for (const service of Object.values(http)) service.close();
      return Promise.resolve();
    },
  };
}
