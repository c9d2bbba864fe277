// The bar every scenario keeps (SPEC §5.4: delivery at least once, exactly one result): every portfolio of every
// rebalance stored exactly once. Read as a user reads it — the whole document (every portfolio with its status,
// SPEC §5.5) and the status view (progress counts) — and checked against the submission: each submitted portfolio
// appears once, none is foreign, none is left queued or running, the statuses counted from the document
// equal the progress of both views, and the counts add up to number_of_portfolios.
import { requestJson } from "../../apps/launcher/src/demo/http.js";
import { statusView, type StatusView } from "./client.js";

const FINAL_PORTFOLIO = ["completed", "infeasible", "failed", "cancelled"] as const;
const STATES = ["queued", "running", ...FINAL_PORTFOLIO] as const;

interface DocumentPortfolio {
  portfolio_id: string;
  status: string;
  error: string | null;
}

interface RebalanceDocument {
  rebalance_id: string;
  status: string;
  number_of_portfolios: number;
  progress: Record<string, number>;
  completed_at: string | null;
  portfolios: DocumentPortfolio[];
}

export interface StoredOnce {
  status: string;
  /** Portfolios by final status, counted from the document. */
  counts: Record<string, number>;
  view: StatusView;
  portfolios: DocumentPortfolio[];
}

export class ExactlyOnceViolation extends Error {
  override name = "ExactlyOnceViolation";
}

function countStatuses(portfolios: readonly DocumentPortfolio[]): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(STATES.map((s) => [s, 0]));
  for (const p of portfolios) counts[p.status] = (counts[p.status] ?? 0) + 1;
  return counts;
}

/** Problems found in one rebalance (empty when it is stored exactly once and settled). */
export function findProblems(submitted: readonly string[], doc: RebalanceDocument, view: StatusView): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const p of doc.portfolios) seen.set(p.portfolio_id, (seen.get(p.portfolio_id) ?? 0) + 1);
  const duplicated = [...seen].filter(([, n]) => n > 1).map(([id, n]) => `${id} ×${n}`);
  const missing = submitted.filter((id) => !seen.has(id));
  const expected = new Set(submitted);
  const foreign = [...seen.keys()].filter((id) => !expected.has(id));
  if (duplicated.length) problems.push(`portfolios stored more than once: ${duplicated.join(", ")}`);
  if (missing.length) problems.push(`${missing.length} submitted portfolios missing, e.g. ${missing[0]}`);
  if (foreign.length) problems.push(`portfolios that were not submitted: ${foreign.join(", ")}`);
  const unsettled = doc.portfolios.filter((p) => !(FINAL_PORTFOLIO as readonly string[]).includes(p.status));
  if (unsettled.length)
    problems.push(
      `${unsettled.length} portfolios not final after the finaliser, e.g. ${unsettled[0]!.portfolio_id} ${unsettled[0]!.status}`,
    );
  const counts = countStatuses(doc.portfolios);
  for (const state of STATES) {
    if ((doc.progress[state] ?? 0) !== counts[state])
      problems.push(`document progress.${state} = ${doc.progress[state]} but ${counts[state]} portfolios say so`);
    if ((view.progress[state] ?? 0) !== counts[state])
      problems.push(`status view progress.${state} = ${view.progress[state]} but ${counts[state]} portfolios say so`);
  }
  const total = STATES.reduce((sum, state) => sum + (view.progress[state] ?? 0), 0);
  if (
    total !== submitted.length ||
    view.number_of_portfolios !== submitted.length ||
    doc.number_of_portfolios !== submitted.length
  )
    problems.push(
      `counts do not add up: progress sums to ${total}, number_of_portfolios ${view.number_of_portfolios}/${doc.number_of_portfolios}, submitted ${submitted.length}`,
    );
  if (doc.status !== view.status) problems.push(`document status ${doc.status} ≠ status view ${view.status}`);
  if (!doc.completed_at || !view.completed_at) problems.push("completed_at is not set");
  return problems;
}

/** Reads both views of a finished rebalance; throws ExactlyOnceViolation listing every problem. */
export async function checkStoredOnce(
  api: string,
  rebalanceId: string,
  submitted: readonly string[],
): Promise<StoredOnce> {
  const view = await statusView(api, rebalanceId);
  const { body: doc } = await requestJson<RebalanceDocument>("GET", `${api}/api/v1/rebalance/${rebalanceId}`, {
    timeoutMs: 60_000,
  });
  const problems = findProblems(submitted, doc, view);
  if (problems.length) throw new ExactlyOnceViolation(`rebalance ${rebalanceId}: ${problems.join("; ")}`);
  const counts = countStatuses(doc.portfolios);
  return {
    status: view.status,
    counts: Object.fromEntries(FINAL_PORTFOLIO.map((s) => [s, counts[s] ?? 0])),
    view,
    portfolios: doc.portfolios,
  };
}
