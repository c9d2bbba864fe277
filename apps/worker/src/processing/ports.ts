// What the portfolio processor needs from the outside, as narrow views of @ogs/clients and the
// optimizer's solver pool (tests wire the same real implementations).
import type { GlobecoClients, PortfolioSummary } from "@ogs/clients";
import type { SolverPool } from "@ogs/optimizer";

export type { PortfolioSummary };

/** accounting summary (null on 404), portfolio name (optional service), and cached ticker → price. */
export type RebalanceClients = Pick<GlobecoClients, "accounting" | "portfolio" | "priceOf" | "cachedPriceOf">;

/**
 * Solves in worker threads with an outside time limit, so the event loop keeps renewing job locks. Only the
 * quantities come back: a stored outcome holds facts, every other figure is derived on read.
 */
export type Solver = Pick<SolverPool, "solveQuantities">;
