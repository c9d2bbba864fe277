// A rebalance through the launcher's API, as a user would run one: a model over simulator portfolios,
// an asynchronous submission, its state and its stored portfolios.
import { requestJson } from "../../src/demo/http.js";

interface Dataset {
  portfolios: Array<{ portfolio_id: string; holdings?: Array<{ security_id: string }> }>;
}

export interface RebalanceState {
  status: string;
  progress: Record<string, number>;
  number_of_portfolios: number;
  completed_at: string | null;
}

/** A model of the 8 securities most held by the first `count` portfolios with holdings, 10 % each. */
export async function createModel(api: string, accounting: string, count: number): Promise<string> {
  const dataset = (await requestJson<Dataset>("GET", `${accounting}/_sim/dataset`)).body;
  const portfolios = dataset.portfolios.filter((p) => (p.holdings?.length ?? 0) > 0).slice(0, count);
  if (portfolios.length < count) throw new Error(`the dataset has only ${portfolios.length} portfolios with holdings`);
  const held = new Map<string, number>();
  for (const p of portfolios)
    for (const h of p.holdings ?? []) held.set(h.security_id, (held.get(h.security_id) ?? 0) + 1);
  const securities = [...held].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 8);
  const model = {
    name: `Supervision ${Date.now()}`,
    positions: securities.map(([security_id]) => ({
      security_id,
      target: "0.1",
      low_drift: "0.04",
      high_drift: "0.04",
    })),
    portfolios: portfolios.map((p) => p.portfolio_id),
  };
  return (await requestJson<{ model_id: string }>("POST", `${api}/api/v1/models`, { body: model })).body.model_id;
}

/** Submits an asynchronous rebalance; returns the URL of its document. */
export async function submitRebalance(api: string, modelId: string): Promise<string> {
  const { body } = await requestJson<{ links: { document: string } }>(
    "POST",
    `${api}/api/v1/model/${modelId}/rebalance`,
    { headers: { prefer: "respond-async" }, body: {} },
  );
  return `${api}${body.links.document}`;
}

/** The status view (what a poller reads) of the rebalance at `url`. */
export async function rebalanceState(url: string): Promise<RebalanceState> {
  return (await requestJson<RebalanceState>("GET", `${url}/status`)).body;
}

/** The portfolio ids of every stored result, page by page. */
export async function storedPortfolioIds(url: string, total: number): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; offset < total; offset += 100) {
    const page = await requestJson<Array<{ portfolio_id: string }>>(
      "GET",
      `${url}/portfolios?offset=${offset}&limit=100`,
    );
    ids.push(...page.body.map((p) => p.portfolio_id));
  }
  return ids;
}
