// The five GlobeCo service clients: each maps one contract endpoint to a typed result (SPEC §5.2).
import { BadUpstreamDataError, DependencyUnavailableError, UpstreamNotFoundError, type Dec } from "@ogs/domain";
import { portfolioSchema, priceSchema, securitySchema, summarySchema, toDecimal, validate } from "./responses.js";
import type { ServiceHttp } from "./service-http.js";

export interface PortfolioSummary {
  portfolioId: string;
  /** `cashBalance`: C of SPEC §5.1; may be negative (overdrawn). */
  cash: Dec;
  /** `securities[].securityId` and `netQuantity` (uᵢ); quantities may be negative (short). */
  holdings: { securityId: string; quantity: Dec }[];
}

export async function fetchPortfolioSummary(http: ServiceHttp, portfolioId: string): Promise<PortfolioSummary | null> {
  const path = `/api/v1/portfolios/${encodeURIComponent(portfolioId)}/summary`;
  const answer = await http.request(path);
  // SPEC §5.2 step 1: 404 = a new portfolio with no balances (market value 0), not an error.
  if (answer.status === 404) return null;
  const where = { service: http.service, path };
  const summary = validate(summarySchema, answer.body, where);
  return {
    portfolioId,
    cash: toDecimal(summary.cashBalance, "cashBalance", where),
    holdings: (summary.securities ?? []).map((s) => ({
      securityId: s.securityId,
      quantity: toDecimal(s.netQuantity, "netQuantity", { ...where, securityId: s.securityId }),
    })),
  };
}

export async function fetchTicker(http: ServiceHttp, securityId: string): Promise<string> {
  const path = `/api/v1/security/${encodeURIComponent(securityId)}`;
  const answer = await http.request(path, { securityId });
  if (answer.status === 404) throw new UpstreamNotFoundError(http.service, "security", securityId, path, securityId);
  return validate(securitySchema, answer.body, { service: http.service, path, securityId }).ticker;
}

export async function fetchPrice(http: ServiceHttp, ticker: string, securityId: string): Promise<Dec> {
  const path = `/api/v1/price/${encodeURIComponent(ticker)}`;
  const answer = await http.request(path, { securityId });
  if (answer.status === 404)
    throw new UpstreamNotFoundError(http.service, "price for ticker", ticker, path, securityId);
  const where = { service: http.service, path, securityId };
  const close = toDecimal(validate(priceSchema, answer.body, where).close, "close price", where);
  // SPEC §5.2 step 3: a price must be > 0.
  if (close.lte(0)) {
    throw new BadUpstreamDataError(
      http.service,
      `The ${http.service} service sent a non-positive price ${close.toFixed()} for security ${securityId} (ticker ${ticker}).`,
      path,
      securityId,
    );
  }
  return close;
}

/**
 * The Portfolio service is optional (SPEC §5.2 step 9): undefined when it is down, answers garbage or does not
 * know the id; `onUnavailable` hears of the first two (the caller logs them), a 404 is an ordinary answer.
 */
export async function fetchPortfolioName(
  http: ServiceHttp,
  portfolioId: string,
  onUnavailable: (error: Error) => void = () => undefined,
): Promise<string | undefined> {
  const path = `/api/v1/portfolio/${encodeURIComponent(portfolioId)}`;
  try {
    const answer = await http.request(path);
    if (answer.status === 404) return undefined;
    return validate(portfolioSchema, answer.body, { service: http.service, path }).name;
  } catch (error) {
    if (error instanceof DependencyUnavailableError || error instanceof BadUpstreamDataError) {
      onUnavailable(error);
      return undefined;
    }
    throw error;
  }
}

/** Posts each order to the Order service; a POST is not retried (it is not idempotent). */
export async function submitOrders(http: ServiceHttp, orders: unknown[]): Promise<unknown[]> {
  const created: unknown[] = [];
  for (const order of orders) {
    const path = "/api/v1/orders";
    const answer = await http.request(path, { method: "POST", json: order, idempotent: false });
    if (answer.status === 404) throw new UpstreamNotFoundError(http.service, "endpoint", path, path);
    created.push(answer.body);
  }
  return created;
}
