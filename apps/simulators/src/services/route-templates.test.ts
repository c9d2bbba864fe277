// Each simulated route's `path` template is its contract's path and the label of the standard HTTP metrics:
// filling its placeholders must give a path its pattern serves, and it must name a path of the contract.
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateDataset } from "../dataset/generate.js";
import { indexDataset } from "../dataset/indexed.js";
import { accountingService } from "./accounting.js";
import { orderService } from "./order.js";
import { portfolioService } from "./portfolio.js";
import { pricingService } from "./pricing.js";
import { securityService } from "./security.js";

const contracts = new URL("../../../../../shared/contracts/", import.meta.url);
const contractPaths = readdirSync(contracts)
  .filter((file) => file.endsWith(".json"))
  .flatMap((file) =>
    Object.keys((JSON.parse(readFileSync(new URL(file, contracts), "utf8")) as { paths: object }).paths),
  );

describe("simulated route templates", () => {
  const data = indexDataset(generateDataset({ seed: 1, portfolios: 1, securities: 2, holdingsPerPortfolio: 1 }));
  const services = [
    accountingService(data, "string", "2025-01-02T00:00:00Z"),
    securityService(data),
    pricingService(data, "2025-01-02"),
    portfolioService(data, "2025-01-02T00:00:00Z"),
    orderService(),
  ];
  const routes = services.flatMap((service) => service.routes.map((route) => ({ service: service.name, ...route })));

  it.each(routes)("$service $method $path is served by its pattern", (route) => {
    expect(route.pattern.test(route.path.replace(/\{[^}]+\}/g, "12345"))).toBe(true);
  });

  it.each(routes)("$service $method $path is a path of its contract", (route) => {
    // The accounting contract documents its paths without the /api/v1 server prefix.
    expect(contractPaths.some((path) => route.path === path || route.path === `/api/v1${path}`)).toBe(true);
  });
});
