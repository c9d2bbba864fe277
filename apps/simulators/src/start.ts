// Starts one listener per simulated service over one dataset (SPEC §9) and stops them together.
import { indexDataset } from "./dataset/indexed.js";
import type { Dataset } from "./dataset/types.js";
import { startServiceServer, type ServiceServer } from "./http/service-server.js";
import type { ServiceName, SimulatedService } from "./http/service.js";
import { accountingService, type AmountFormat } from "./services/accounting.js";
import { orderService } from "./services/order.js";
import { portfolioService } from "./services/portfolio.js";
import { pricingService } from "./services/pricing.js";
import { securityService } from "./services/security.js";

export interface SimulatorSettings {
  host: string;
  /** Port per service; 0 = any free port. */
  ports: Record<ServiceName, number>;
  accountingAmounts: AmountFormat;
  /** When set, Portfolio Accounting requires this `X-API-Key`. */
  accountingApiKey?: string | undefined;
}

export interface RunningSimulators {
  urls: Record<ServiceName, string>;
  stop(): Promise<void>;
}

export async function startSimulators(dataset: Dataset, settings: SimulatorSettings): Promise<RunningSimulators> {
  const data = indexDataset(dataset);
  const now = new Date().toISOString();
  const services: SimulatedService[] = [
    accountingService(data, settings.accountingAmounts, now, settings.accountingApiKey),
    securityService(data),
    pricingService(data, now.slice(0, 10)),
    portfolioService(data, now),
    orderService(),
  ];
  const started: [ServiceName, ServiceServer][] = [];
  try {
    for (const service of services) {
      const server = await startServiceServer({
        service,
        host: settings.host,
        port: settings.ports[service.name],
        datasetJson: data.json,
      });
      started.push([service.name, server]);
    }
  } catch (error) {
    await Promise.all(started.map(([, server]) => server.stop()));
    throw error;
  }
  return {
    urls: Object.fromEntries(started.map(([name, server]) => [name, server.url])) as Record<ServiceName, string>,
    stop: async () => {
      await Promise.all(started.map(([, server]) => server.stop()));
    },
  };
}
