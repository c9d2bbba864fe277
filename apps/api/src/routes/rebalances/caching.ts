// Conditional reads of a rebalance (RFC 9110 §13, §8.8.3): every state change of a rebalance moves its
// version or its progress counts (a portfolio only moves forward: queued → running → final), and its
// portfolios' figures are fixed once stored, so (version, progress, view) identifies the representation.
// A final rebalance never changes again: `immutable`. A running one is revalidated on every read.
import { isActiveRebalanceStatus, PORTFOLIO_STATUSES, type Rebalance } from "@ogs/domain";
import type { Request, Response } from "express";

/** Sets ETag and Cache-Control for `view` of the rebalance; true when the client's copy is current (answer 304). */
export function answeredFromCache(req: Request, res: Response, rebalance: Rebalance, view: string): boolean {
  const counts = PORTFOLIO_STATUSES.map((status) => rebalance.progress[status]).join(".");
  res.setHeader("ETag", `"${rebalance.id}-${view}-v${rebalance.version}-${counts}"`);
  res.setHeader(
    "Cache-Control",
    isActiveRebalanceStatus(rebalance.status) ? "no-cache" : "public, max-age=86400, immutable",
  );
  if (!req.fresh) return false;
  res.status(304).end();
  return true;
}
