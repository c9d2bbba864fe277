// Reading and deleting rebalances (SPEC §5.5): the list, one rebalance with its first portfolios and
// live progress, its portfolios paged, one portfolio's positions, rebalances by portfolio, DELETE.
import { NotFoundError } from "@ogs/domain";
import type { Progress, Rebalance, RebalanceSortField, Store } from "@ogs/store";
import type { SortKey } from "../../http/sort-by.js";
import {
  EMBEDDED_PORTFOLIOS,
  type PortfolioDetailOutput,
  type PositionDetailOutput,
  type RebalanceOutput,
  type RebalanceSummaryOutput,
} from "./schemas.js";
import { portfolioToWire, positionToWire, summaryToWire } from "./wire.js";

export interface Page {
  offset: number;
  limit: number;
}

export interface Paged<T> {
  total: number;
  items: T[];
}

export function createRebalanceReads(store: Pick<Store, "rebalances" | "portfolioResults" | "webhookDeliveries">) {
  const { rebalances, portfolioResults, webhookDeliveries } = store;

  /** Live counts while the rebalance runs; the counts stored at finalisation afterwards. */
  const progressOf = (rebalance: Rebalance): Promise<Progress> =>
    rebalance.final_progress && rebalance.completed_at
      ? Promise.resolve(rebalance.final_progress)
      : rebalances.progress(rebalance.rebalance_id);

  async function summaries(page: Paged<Rebalance>): Promise<Paged<RebalanceSummaryOutput>> {
    return {
      total: page.total,
      items: await Promise.all(page.items.map(async (r) => summaryToWire(r, await progressOf(r)))),
    };
  }

  async function existing(rebalanceId: string): Promise<Rebalance> {
    const rebalance = await rebalances.getSummary(rebalanceId);
    if (!rebalance) throw new NotFoundError("rebalance", rebalanceId, `Rebalance ${rebalanceId} was not found.`);
    return rebalance;
  }

  return {
    list: async (page: Page, sort: SortKey<RebalanceSortField>[]) =>
      summaries(await rebalances.list({ ...page, sort })),

    byPortfolios: async (portfolioIds: readonly string[], page: Page) =>
      summaries(await rebalances.findByPortfolios(portfolioIds, page)),

    /** The rebalance with its first `portfolioLimit` portfolios; 0 reads neither results nor the portfolio list. */
    async get(rebalanceId: string, portfolioLimit = EMBEDDED_PORTFOLIOS): Promise<RebalanceOutput> {
      const rebalance = await existing(rebalanceId);
      const [progress, portfolios] = await Promise.all([
        progressOf(rebalance),
        portfolioLimit === 0
          ? { total: rebalance.number_of_portfolios, items: [] }
          : portfolioResults.list(rebalanceId, { offset: 0, limit: portfolioLimit, withPositions: true }),
      ]);
      return {
        ...summaryToWire(rebalance, progress),
        portfolios: portfolios.items.map(portfolioToWire),
        portfolios_total: portfolios.total,
      };
    },

    async portfolios(rebalanceId: string, page: Page): Promise<Paged<PortfolioDetailOutput>> {
      await existing(rebalanceId);
      const results = await portfolioResults.list(rebalanceId, { ...page, withPositions: true });
      return { total: results.total, items: results.items.map(portfolioToWire) };
    },

    async positions(rebalanceId: string, portfolioId: string): Promise<PositionDetailOutput[]> {
      await existing(rebalanceId);
      const positions = await portfolioResults.positions(rebalanceId, portfolioId);
      if (!positions)
        throw new NotFoundError(
          "portfolio",
          portfolioId,
          `Portfolio ${portfolioId} is not part of rebalance ${rebalanceId}.`,
        );
      return positions.map(positionToWire);
    },

    async remove(rebalanceId: string, version: number): Promise<void> {
      await existing(rebalanceId);
      await rebalances.delete(rebalanceId, version);
      // Its webhook delivery records go with it (a redelivery of a deleted rebalance's event is a 404).
      await webhookDeliveries.removeByRebalance(rebalanceId);
    },
  };
}

export type RebalanceReads = ReturnType<typeof createRebalanceReads>;
