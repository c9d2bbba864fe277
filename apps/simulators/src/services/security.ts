// Security service (contract: globeco-security-service; SPEC §5.2 step 3: the ticker of a security id).
import type { IndexedDataset } from "../dataset/indexed.js";
import type { SimulatedSecurity } from "../dataset/types.js";
import type { SimulatedService } from "../http/service.js";
import { fastApiError } from "./error-bodies.js";

const COMMON_STOCK = { securityTypeId: "5f1a9c0e2b4d6a8c0e2b4d6a", abbreviation: "CS", description: "Common Stock" };

export function securityService(data: IndexedDataset): SimulatedService {
  const out = (security: SimulatedSecurity) => ({
    securityId: security.security_id,
    ticker: security.ticker,
    description: `${security.ticker} Common Stock`,
    securityTypeId: COMMON_STOCK.securityTypeId,
    version: 1,
    securityType: COMMON_STOCK,
  });
  return {
    name: "security",
    errorReply: fastApiError,
    routes: [
      {
        method: "GET",
        pattern: /^\/api\/v1\/security\/([^/]+)$/,
        path: "/api/v1/security/{securityId}",
        handle: ({ params: [securityId = ""], path }) => {
          const security = data.securitiesById.get(securityId);
          return security ? { status: 200, body: out(security) } : fastApiError(404, path, "Security not found");
        },
      },
      {
        method: "GET",
        pattern: /^\/api\/v1\/securities$/,
        path: "/api/v1/securities",
        handle: () => ({ status: 200, body: data.dataset.securities.map(out) }),
      },
    ],
  };
}
