// The chaos suite's calls to the service, as a user makes them (SPEC §4.3, §5.5): models over simulator
// portfolios, asynchronous submissions, the status view polled until the rebalance is final.
import { requestJson } from "../../apps/launcher/src/demo/http.js";

export interface StatusView {
  rebalance_id: string;
  status: string;
  number_of_portfolios: number;
  progress: Record<string, number>;
  completed_at: string | null;
  /** Why the rebalance stopped early (fail-fast). */
  error: { service: string | null; message: string } | null;
}

export interface Universe {
  portfolioIds: string[];
  /** The securities a model is built from. */
  securityIds: string[];
}

const MODEL_SECURITIES = 20;
const FINAL = new Set(["completed", "completed_with_errors", "failed"]);

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function universe(accountingUrl: string): Promise<Universe> {
  const { body } = await requestJson<{
    portfolios: Array<{ portfolio_id: string }>;
    securities: Array<{ security_id: string }>;
  }>("GET", `${accountingUrl}/_sim/dataset`);
  return {
    portfolioIds: body.portfolios.map((p) => p.portfolio_id),
    securityIds: body.securities.slice(0, MODEL_SECURITIES).map((s) => s.security_id),
  };
}

/** A model of 4 % per security (20 → 80 %, drift ±3 %) over `portfolioIds`, as the fleet bench builds it. */
export async function createModel(api: string, securityIds: string[], portfolioIds: string[]): Promise<string> {
  const positions = securityIds.map((security_id) => ({
    security_id,
    target: "0.04",
    low_drift: "0.03",
    high_drift: "0.03",
  }));
  const name = `chaos ${Date.now()} ${Math.random().toString(36).slice(2)}`;
  const { body } = await requestJson<{ model_id: string }>("POST", `${api}/api/v1/models`, {
    body: { name, positions, portfolios: portfolioIds },
  });
  return body.model_id;
}

export interface Submitted {
  id: string;
  /** Epoch ms when the POST was sent (same host, same clock as the stored completed_at). */
  sentAt: number;
}

export async function submit(api: string, modelId: string): Promise<Submitted> {
  const sentAt = Date.now();
  const { body } = await requestJson<{ rebalance_id: string }>("POST", `${api}/api/v1/model/${modelId}/rebalance`, {
    headers: { prefer: "respond-async" },
  });
  return { id: body.rebalance_id, sentAt };
}

export async function statusView(api: string, id: string, timeoutMs = 10_000): Promise<StatusView> {
  return (await requestJson<StatusView>("GET", `${api}/api/v1/rebalance/${id}/status`, { timeoutMs })).body;
}

export interface Finished {
  view: StatusView;
  /** From sending the POST to the stored completed_at. */
  seconds: number;
}

/**
 * Polls the status view until the rebalance is final or `timeoutMs` passes (then throws with the last view).
 * A failed poll (the API or its store briefly away) is retried; `failure` aborts the wait when the fleet dies.
 */
export async function waitFinished(
  api: string,
  submitted: Submitted,
  options: { timeoutMs: number; pollMs?: number; failure?: Promise<never> },
): Promise<Finished> {
  const deadline = Date.now() + options.timeoutMs;
  let last: StatusView | string = "no answer yet";
  const poll = async (): Promise<Finished> => {
    for (;;) {
      try {
        const view = await statusView(api, submitted.id);
        last = view;
        if (FINAL.has(view.status) && view.completed_at)
          return { view, seconds: (Date.parse(view.completed_at) - submitted.sentAt) / 1000 };
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
      if (Date.now() > deadline)
        throw new Error(
          `rebalance ${submitted.id} not final within ${options.timeoutMs} ms; last status view: ${JSON.stringify(last)}`,
        );
      await sleep(options.pollMs ?? 250);
    }
  };
  return options.failure ? Promise.race([poll(), options.failure]) : poll();
}

/** Waits until at least `share` of the rebalance's portfolios have a final outcome (to strike mid-run). */
export async function waitForProgress(api: string, id: string, share: number, timeoutMs: number): Promise<StatusView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await statusView(api, id);
    const p = view.progress;
    const done = (p.completed ?? 0) + (p.infeasible ?? 0) + (p.failed ?? 0) + (p.cancelled ?? 0);
    if (done >= share * view.number_of_portfolios || FINAL.has(view.status)) return view;
    if (Date.now() > deadline) throw new Error(`rebalance ${id} did not reach ${share * 100} % within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** Sets faults on one simulated service (`{}` clears them); see apps/simulators/src/http/faults.ts. */
export async function setFaults(serviceUrl: string, faults: Record<string, unknown>): Promise<void> {
  await requestJson("PUT", `${serviceUrl}/_sim/faults`, { body: faults });
}

/** Clears the faults of every simulated service (a fleet handed on starts clean). */
export async function clearAllFaults(simulators: Partial<Record<string, string>>): Promise<void> {
  const urls = Object.values(simulators).filter((url): url is string => url !== undefined);
  await Promise.all(urls.map((url) => setFaults(url, {})));
}

/** Forgets what a simulated service has counted so far. */
export async function resetRequestCounts(serviceUrl: string): Promise<void> {
  const response = await fetch(`${serviceUrl}/_sim/requests`, {
    method: "DELETE",
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`DELETE ${serviceUrl}/_sim/requests answered ${response.status}`);
}

/** Requests a simulated service served, by path (to see how often a portfolio was fetched). */
export async function requestCounts(serviceUrl: string): Promise<Record<string, number>> {
  return (await requestJson<{ by_path: Record<string, number> }>("GET", `${serviceUrl}/_sim/requests`)).body.by_path;
}
