// Pricing service (contract: globeco-pricing-service; SPEC §5.2 step 3: `close` is the price).
// Prices are JSON numbers, as the contract says; the literal is the dataset's exact decimal text.
import { Dec, formatDecimal } from "@ogs/domain";
import type { IndexedDataset } from "../dataset/indexed.js";
import type { SimulatedSecurity } from "../dataset/types.js";
import type { SimulatedService } from "../http/service.js";
import { springError } from "./error-bodies.js";

export function pricingService(data: IndexedDataset, date: string): SimulatedService {
  const bodies = new Map<string, string>();
  const priceJson = (security: SimulatedSecurity, id: number) => {
    let json = bodies.get(security.ticker);
    if (json === undefined) {
      const close = new Dec(security.price);
      const around = (factor: string) => formatDecimal(close.times(factor).toDecimalPlaces(2));
      json =
        `{"id":${id},"ticker":${JSON.stringify(security.ticker)},"date":"${date}",` +
        `"open":${around("0.995")},"close":${security.price},"high":${around("1.01")},"low":${around("0.99")},"volume":${1_000 + id * 37}}`;
      bodies.set(security.ticker, json);
    }
    return json;
  };
  const ids = new Map(data.dataset.securities.map((s, i) => [s.ticker, i + 1]));
  return {
    name: "pricing",
    errorReply: springError,
    routes: [
      {
        method: "GET",
        pattern: /^\/api\/v1\/price\/([^/]+)$/,
        path: "/api/v1/price/{ticker}",
        handle: ({ params: [ticker = ""], path }) => {
          const security = data.securitiesByTicker.get(ticker);
          return security
            ? { status: 200, json: priceJson(security, ids.get(ticker)!) }
            : springError(404, path, `No price for ticker ${ticker}`);
        },
      },
      {
        method: "GET",
        pattern: /^\/api\/v1\/prices$/,
        path: "/api/v1/prices",
        handle: () => ({
          status: 200,
          json: `[${data.dataset.securities.map((s) => priceJson(s, ids.get(s.ticker)!)).join(",")}]`,
        }),
      },
    ],
  };
}
