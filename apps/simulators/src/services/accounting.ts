// Portfolio Accounting (contract: globeco-portfolio-accounting-service, basePath /api/v1; SPEC §5.2 step 1).
// The real service (Go, shopspring/decimal) writes amounts as JSON strings although its OpenAPI
// document says "number"; `amounts: "number"` serves them as numbers instead. Either way the literal
// is the exact decimal text — no float round trip.
import type { IndexedDataset } from "../dataset/indexed.js";
import type { SimulatedPortfolio } from "../dataset/types.js";
import type { SimulatedService } from "../http/service.js";

export type AmountFormat = "string" | "number";

const ERROR_CODES: Record<number, string> = {
  400: "INVALID_REQUEST",
  401: "UNAUTHORIZED",
  404: "NOT_FOUND",
  405: "METHOD_NOT_ALLOWED",
  413: "PAYLOAD_TOO_LARGE",
  500: "INTERNAL_ERROR",
};

export function accountingService(
  data: IndexedDataset,
  amounts: AmountFormat,
  startedAt: string,
  apiKey?: string,
): SimulatedService {
  const summaries = new Map<string, string>();
  const errorReply = (status: number, _path: string, message?: string) => ({
    status,
    body: {
      error: {
        code: ERROR_CODES[status] ?? (status >= 500 ? "SERVICE_UNAVAILABLE" : "REQUEST_ERROR"),
        message: message ?? defaultMessage(status),
        timestamp: new Date().toISOString(),
      },
    },
  });
  return {
    name: "accounting",
    errorReply,
    routes: [
      {
        method: "GET",
        pattern: /^\/api\/v1\/portfolios\/([^/]+)\/summary$/,
        path: "/api/v1/portfolios/{portfolioId}/summary",
        handle: ({ params: [portfolioId = ""], path, req }) => {
          // The contract's ApiKeyAuth (X-API-Key), enforced when the simulator is given a key.
          if (apiKey !== undefined && req.headers["x-api-key"] !== apiKey)
            return errorReply(401, path, "A valid X-API-Key header is required");
          if (!/^[A-Za-z0-9]{24}$/.test(portfolioId))
            return errorReply(400, path, "Portfolio ID must be 24 characters");
          const portfolio = data.portfoliosById.get(portfolioId);
          // A portfolio with neither cash nor holdings has no balance record (SPEC §5.2 step 1: 404).
          if (!portfolio || (portfolio.cash === undefined && portfolio.holdings === undefined)) {
            return errorReply(404, path, `Portfolio ${portfolioId} not found`);
          }
          let json = summaries.get(portfolioId);
          if (json === undefined) {
            json = summaryJson(portfolio, amounts, startedAt);
            summaries.set(portfolioId, json);
          }
          return { status: 200, json };
        },
      },
    ],
  };
}

function summaryJson(portfolio: SimulatedPortfolio, amounts: AmountFormat, lastUpdated: string): string {
  const amount = (value: string) => (amounts === "string" ? JSON.stringify(value) : value);
  const securities = (portfolio.holdings ?? []).map((holding) => {
    const short = holding.quantity.startsWith("-");
    return (
      `{"securityId":${JSON.stringify(holding.security_id)},` +
      `"quantityLong":${amount(short ? "0" : holding.quantity)},` +
      `"quantityShort":${amount(short ? holding.quantity : "0")},` +
      `"netQuantity":${amount(holding.quantity)},"lastUpdated":"${lastUpdated}"}`
    );
  });
  return (
    `{"portfolioId":${JSON.stringify(portfolio.portfolio_id)},"cashBalance":${amount(portfolio.cash ?? "0")},` +
    `"securities":[${securities.join(",")}],"securityCount":${securities.length},"lastUpdated":"${lastUpdated}"}`
  );
}

function defaultMessage(status: number): string {
  if (status === 404) return "Resource not found";
  if (status === 405) return "Method not allowed";
  return status >= 500 ? "Service unavailable" : "Invalid request";
}
