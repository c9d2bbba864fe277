// Keys of `rebalance_portfolios`: `_id` = `{rebalance_id}-{portfolio_id}` (24 + 1 + 24 characters), so
// one rebalance's results are the `_id` range [`{id}-`, `{id}.`) — "." is the character after "-".
export function resultId(rebalanceId: string, portfolioId: string): string {
  return `${rebalanceId}-${portfolioId}`;
}

export function resultRange(rebalanceId: string): { $gte: string; $lt: string } {
  return { $gte: `${rebalanceId}-`, $lt: `${rebalanceId}.` };
}
