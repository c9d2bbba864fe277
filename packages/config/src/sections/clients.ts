// Outbound calls to the GlobeCo services (SPEC §2, §5.2 step 3, §5.3): base URLs, timeout, retries,
// circuit breaker, caches and the concurrency cap. Used by the worker (and the launcher, which starts
// the simulators when a URL is not configured).
import { z } from "zod";
import { nonNegativeInt, optionalUrl, positiveInt } from "../fields.js";

export const clientsEnv = z.object({
  /** Portfolio Accounting base URL; unset = not configured (the launcher then starts the simulators). @defaultValue "http://globeco-portfolio-accounting-service:8087" */
  ACCOUNTING_URL: optionalUrl(),
  /** Security service base URL. @defaultValue "http://globeco-security-service:8000" */
  SECURITY_URL: optionalUrl(),
  /** Pricing service base URL. @defaultValue "http://globeco-pricing-service:8083" */
  PRICING_URL: optionalUrl(),
  /** Portfolio service base URL (optional service: names only). @defaultValue "http://globeco-portfolio-service:8000" */
  PORTFOLIO_URL: optionalUrl(),
  /** Order service base URL. @defaultValue "http://globeco-order-service:8081" */
  ORDER_URL: optionalUrl(),
  /** API key sent as `X-API-Key` to Portfolio Accounting (its contract requires ApiKeyAuth); unset = no header. A secret. */
  ACCOUNTING_API_KEY: z.string().optional(),
  /** Timeout of one HTTP attempt in milliseconds. @defaultValue 10000 */
  HTTP_TIMEOUT_MS: positiveInt(10_000),
  /** Retries after the first attempt on connection errors, timeouts and 5xx (never on 4xx). @defaultValue 3 */
  HTTP_RETRIES: nonNegativeInt(3),
  /** First retry delay in milliseconds; each further retry doubles it (1 s, 2 s, 4 s). @defaultValue 1000 */
  HTTP_RETRY_BASE_MS: nonNegativeInt(1_000),
  /** Consecutive calls, each failed after its retries, that open a service's circuit breaker. @defaultValue 5 */
  BREAKER_THRESHOLD: positiveInt(5),
  /** How long an open breaker fails calls at once before one probe call decides. @defaultValue 60000 */
  BREAKER_OPEN_MS: positiveInt(60_000),
  /**
   * Share of calls failed after their retries, over BREAKER_SAMPLING_MS, that opens a service's breaker (0–1),
   * besides BREAKER_THRESHOLD consecutive failures; unset = consecutive failures only.
   */
  BREAKER_FAILURE_RATE: z.coerce
    .number({ error: "expected a number from 0 to 1" })
    .gt(0, "expected a number above 0")
    .max(1, "expected a number of at most 1")
    .optional(),
  /** Window of BREAKER_FAILURE_RATE in milliseconds; it needs at least 5 calls in the window to decide. @defaultValue 30000 */
  BREAKER_SAMPLING_MS: positiveInt(30_000),
  /** Ticker cache time-to-live in milliseconds. @defaultValue 600000 (10 min) */
  TICKER_CACHE_TTL_MS: positiveInt(600_000),
  /** Price cache time-to-live in milliseconds. @defaultValue 60000 (1 min) */
  PRICE_CACHE_TTL_MS: positiveInt(60_000),
  /** Largest number of entries in each of the ticker and price caches. @defaultValue 1000 */
  CACHE_MAX_ENTRIES: positiveInt(1_000),
  /** Most outbound HTTP requests in flight at once per process, over all services. @defaultValue 64 */
  HTTP_CONCURRENCY: positiveInt(64),
});
