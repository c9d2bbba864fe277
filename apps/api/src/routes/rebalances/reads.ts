// Reading and deleting rebalances (SPEC §5.5): the status view, the whole document (its portfolios streamed),
// pages of documents or summaries, a rebalance's portfolios paged, one portfolio's positions, rebalances by
// portfolio, DELETE. No express here: the router validates, calls one function, maps the result.
import { NotFoundError, type Rebalance } from "@ogs/domain";
import type { PortfolioRange, RebalanceSortField, Store } from "@ogs/store";
import type { SortKey } from "../../http/sort-by.js";
import type { DocumentSource } from "./document-stream.js";
import { portfolioJson, positionJson } from "./wire.js";

export interface Page {
  offset: number;
  limit: number;
}

export interface Paged<T> {
  total: number;
  items: T[];
}

type StoredDocument = NonNullable<Awaited<ReturnType<Store["rebalances"]["document"]>>>;

export function createRebalanceReads(store: Pick<Store, "rebalances" | "webhookDeliveries">) {
  const { rebalances, webhookDeliveries } = store;

  async function existing(rebalanceId: string): Promise<{ doc: StoredDocument; rebalance: Rebalance }> {
    const doc = await rebalances.document(rebalanceId);
    if (!doc) throw new NotFoundError("rebalance", rebalanceId, `Rebalance ${rebalanceId} was not found.`);
    return { doc, rebalance: await rebalances.toDomain(doc) };
  }

  /** Documents of a page, each streaming its portfolios when it is written (or summaries, without them). */
  async function* sources(items: Rebalance[], withPortfolios: boolean): AsyncGenerator<DocumentSource> {
    for (const rebalance of items) {
      const doc = withPortfolios ? await rebalances.document(rebalance.id) : null;
      // Deleted between the page read and now: left out, as if the page had been read a moment later.
      if (withPortfolios && !doc) continue;
      yield { rebalance, portfolios: doc ? rebalances.portfolios(doc) : null };
    }
  }

  return {
    /** The status view: status and progress, no portfolios (what pollers read). */
    status: async (rebalanceId: string): Promise<Rebalance> => (await existing(rebalanceId)).rebalance,

    /** The whole document, its portfolios (all, or the first `limit`) streamed when it is written. */
    async document(rebalanceId: string, limit?: number): Promise<DocumentSource> {
      const { doc, rebalance } = await existing(rebalanceId);
      return {
        rebalance,
        portfolios: rebalances.portfolios(doc, limit === undefined ? undefined : { offset: 0, limit }),
      };
    },

    async list(
      page: Page,
      sort: SortKey<RebalanceSortField>[],
      withPortfolios: boolean,
    ): Promise<{ total: number; sources: AsyncIterable<DocumentSource> }> {
      const { total, items } = await rebalances.list({ ...page, sort });
      return { total, sources: sources(items, withPortfolios) };
    },

    async byPortfolios(
      portfolioIds: readonly string[],
      page: Page,
      withPortfolios: boolean,
    ): Promise<{ total: number; sources: AsyncIterable<DocumentSource> }> {
      const { total, items } = await rebalances.findByPortfolios(portfolioIds, page);
      return { total, sources: sources(items, withPortfolios) };
    },

    /** A page of portfolios, each as JSON text (exact-digit numbers). */
    async portfolios(rebalanceId: string, range: PortfolioRange): Promise<Paged<string>> {
      const { doc } = await existing(rebalanceId);
      const items: string[] = [];
      for await (const report of rebalances.portfolios(doc, range)) items.push(portfolioJson(report));
      return { total: rebalances.portfolioCount(doc), items };
    },

    /** One portfolio's positions, each as JSON text. */
    async positions(rebalanceId: string, portfolioId: string): Promise<string[]> {
      const { doc } = await existing(rebalanceId);
      const report = await rebalances.portfolio(doc, portfolioId);
      if (!report) {
        throw new NotFoundError(
          "portfolio",
          portfolioId,
          `Portfolio ${portfolioId} is not part of rebalance ${rebalanceId}.`,
        );
      }
      return report.positions.map(positionJson);
    },

    async remove(rebalanceId: string, version: number): Promise<void> {
      await rebalances.delete(rebalanceId, version);
      // Its webhook delivery records go with it (a redelivery of a deleted rebalance's event is a 404).
      await webhookDeliveries.removeByRebalance(rebalanceId);
    },
  };
}

export type RebalanceReads = ReturnType<typeof createRebalanceReads>;
