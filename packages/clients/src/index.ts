// Public surface of @ogs/clients: typed, resilient clients of the GlobeCo services (SPEC §5.2, §5.3).
export { createClients, type GlobecoClients } from "./create-clients.js";
export type { PortfolioSummary } from "./service-clients.js";
export {
  clientSettingsFromConfig,
  DEFAULT_BASE_URLS,
  describeService,
  SERVICE_NAMES,
  type ClientSettings,
  type ClientsConfig,
  type ServiceName,
} from "./settings.js";
