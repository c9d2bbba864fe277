// The URIs of a rebalance (SPEC §5.5), in one place for the API's answers and the webhook events.
export const API_PREFIX = "/api/v1";

export interface RebalanceLinks {
  /** The light status view (status and progress, no portfolios): what pollers should read. */
  self: string;
  /** The whole rebalance document with every portfolio (the portal's read). */
  document: string;
  /** Its portfolios, paged. */
  portfolios: string;
  /** Its webhook deliveries. */
  deliveries: string;
}

export function rebalanceLinks(rebalanceId: string): RebalanceLinks {
  const document = `${API_PREFIX}/rebalance/${rebalanceId}`;
  return {
    self: `${document}/status`,
    document,
    portfolios: `${document}/portfolios`,
    deliveries: `${document}/deliveries`,
  };
}
