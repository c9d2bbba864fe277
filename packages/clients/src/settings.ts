// Client settings (SPEC §2 defaults, §5.3 resilience numbers) and their mapping from the config section.
export const SERVICE_NAMES = ["accounting", "security", "pricing", "portfolio", "order"] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** How messages name each service (SPEC §2's table). */
const SERVICE_TITLES: Readonly<Record<ServiceName, string>> = {
  accounting: "Portfolio Accounting",
  security: "Security",
  pricing: "Pricing",
  portfolio: "Portfolio",
  order: "Order",
};

/** "The Portfolio Accounting service (accounting)": the service by its title and by its configuration name. */
export function describeService(service: string): string {
  const title = (SERVICE_TITLES as Readonly<Record<string, string>>)[service] ?? service;
  return `The ${title} service (${service})`;
}

/** SPEC §2: where the GlobeCo services live in a GlobeCo deployment. */
export const DEFAULT_BASE_URLS: Readonly<Record<ServiceName, string>> = {
  accounting: "http://globeco-portfolio-accounting-service:8087",
  security: "http://globeco-security-service:8000",
  pricing: "http://globeco-pricing-service:8083",
  portfolio: "http://globeco-portfolio-service:8000",
  order: "http://globeco-order-service:8081",
};

export interface ClientSettings {
  /** Base URL per service. @defaultValue DEFAULT_BASE_URLS */
  baseUrls: Record<ServiceName, string>;
  /** `X-API-Key` per service that requires one (Portfolio Accounting's contract does). */
  apiKeys?: Partial<Record<ServiceName, string>>;
  /** Timeout of one attempt in ms. @defaultValue 10000 */
  timeoutMs: number;
  /** Retries after the first attempt on connection errors, timeouts and 5xx. @defaultValue 3 */
  retries: number;
  /** First retry delay in ms, doubled for each further retry. @defaultValue 1000 */
  retryBaseMs: number;
  /** Consecutive calls, each failed after its retries, that open a service's breaker. @defaultValue 5 */
  breakerThreshold: number;
  /** How long an open breaker fails calls at once before one probe. @defaultValue 60000 */
  breakerOpenMs: number;
  /** Failure share over `breakerSamplingMs` that also opens it; undefined = consecutive failures only. */
  breakerFailureRate?: number;
  /** @defaultValue 30000 */
  breakerSamplingMs?: number;
  /** Ticker cache TTL in ms. @defaultValue 600000 */
  tickerTtlMs: number;
  /** Price cache TTL in ms. @defaultValue 60000 */
  priceTtlMs: number;
  /** Entries per cache. @defaultValue 1000 */
  cacheMaxEntries: number;
  /** Outbound requests in flight at once, over all services. @defaultValue 64 */
  concurrency: number;
}

/** The variables of @ogs/config's `clientsEnv`, after parsing (declared here so clients need not import config). */
export interface ClientsConfig {
  ACCOUNTING_URL?: string | undefined;
  SECURITY_URL?: string | undefined;
  PRICING_URL?: string | undefined;
  PORTFOLIO_URL?: string | undefined;
  ORDER_URL?: string | undefined;
  ACCOUNTING_API_KEY?: string | undefined;
  HTTP_TIMEOUT_MS: number;
  HTTP_RETRIES: number;
  HTTP_RETRY_BASE_MS: number;
  BREAKER_THRESHOLD: number;
  BREAKER_OPEN_MS: number;
  BREAKER_FAILURE_RATE?: number | undefined;
  BREAKER_SAMPLING_MS: number;
  TICKER_CACHE_TTL_MS: number;
  PRICE_CACHE_TTL_MS: number;
  CACHE_MAX_ENTRIES: number;
  HTTP_CONCURRENCY: number;
}

export function clientSettingsFromConfig(config: ClientsConfig): ClientSettings {
  return {
    baseUrls: {
      accounting: config.ACCOUNTING_URL ?? DEFAULT_BASE_URLS.accounting,
      security: config.SECURITY_URL ?? DEFAULT_BASE_URLS.security,
      pricing: config.PRICING_URL ?? DEFAULT_BASE_URLS.pricing,
      portfolio: config.PORTFOLIO_URL ?? DEFAULT_BASE_URLS.portfolio,
      order: config.ORDER_URL ?? DEFAULT_BASE_URLS.order,
    },
    timeoutMs: config.HTTP_TIMEOUT_MS,
    retries: config.HTTP_RETRIES,
    retryBaseMs: config.HTTP_RETRY_BASE_MS,
    breakerThreshold: config.BREAKER_THRESHOLD,
    breakerOpenMs: config.BREAKER_OPEN_MS,
    ...(config.BREAKER_FAILURE_RATE === undefined ? {} : { breakerFailureRate: config.BREAKER_FAILURE_RATE }),
    breakerSamplingMs: config.BREAKER_SAMPLING_MS,
    tickerTtlMs: config.TICKER_CACHE_TTL_MS,
    priceTtlMs: config.PRICE_CACHE_TTL_MS,
    cacheMaxEntries: config.CACHE_MAX_ENTRIES,
    concurrency: config.HTTP_CONCURRENCY,
    ...(config.ACCOUNTING_API_KEY === undefined ? {} : { apiKeys: { accounting: config.ACCOUNTING_API_KEY } }),
  };
}
