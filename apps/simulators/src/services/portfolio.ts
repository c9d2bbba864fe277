// Portfolio service (contract: globeco-portfolio-service; SPEC §5.2 step 9: names only, optional).
import type { IndexedDataset } from "../dataset/indexed.js";
import type { SimulatedPortfolio } from "../dataset/types.js";
import type { SimulatedService } from "../http/service.js";
import { fastApiError } from "./error-bodies.js";

export function portfolioService(data: IndexedDataset, dateCreated: string): SimulatedService {
  const out = (portfolio: SimulatedPortfolio) => ({
    portfolioId: portfolio.portfolio_id,
    name: portfolio.name,
    dateCreated,
    version: 1,
  });
  return {
    name: "portfolio",
    errorReply: fastApiError,
    routes: [
      {
        method: "GET",
        pattern: /^\/api\/v1\/portfolio\/([^/]+)$/,
        path: "/api/v1/portfolio/{portfolioId}",
        handle: ({ params: [portfolioId = ""], path }) => {
          const portfolio = data.portfoliosById.get(portfolioId);
          return portfolio ? { status: 200, body: out(portfolio) } : fastApiError(404, path, "Portfolio not found");
        },
      },
      {
        method: "GET",
        pattern: /^\/api\/v1\/portfolios$/,
        path: "/api/v1/portfolios",
        handle: () => ({ status: 200, body: data.dataset.portfolios.map(out) }),
      },
    ],
  };
}
