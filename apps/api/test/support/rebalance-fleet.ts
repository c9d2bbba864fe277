// One fleet per rebalance test file: the simulators with the worker tests' hand-made dataset, two BUILT
// worker processes and the BUILT API, all on one database and queue prefix; plus wire types and helpers.
import {
  createTestContext,
  startSimulators,
  type RunningSimulators,
  DATASET,
  port,
  sec,
  startWorker,
  type WorkerProcess,
} from "@ogs/test-support";
import { startApi, type ApiHandle, type ApiResponse } from "./api-process.js";
import { uniqueName, type ModelWire } from "./fixtures.js";

export { DATASET, port, sec };

export interface Fleet {
  api: ApiHandle;
  simulators: RunningSimulators;
  workers: WorkerProcess[];
  stop(): Promise<void>;
}

export interface LinksWire {
  self: string;
  document: string;
  portfolios: string;
  deliveries: string;
}

export interface AcceptedWire {
  rebalance_id: string;
  status: string;
  number_of_portfolios: number;
  links: LinksWire;
}

export interface RebalanceDtoWire {
  portfolio_id: string;
  portfolio_name: string;
  rebalance_id: string;
  status: string;
  error: string | null;
  transactions: Array<{ transaction_type: string; security_id: string; quantity: number; trade_date: string }>;
  drifts: Array<{
    security_id: string;
    original_quantity: string;
    adjusted_quantity: string;
    target: string;
    high_drift: string;
    low_drift: string;
    actual: string;
  }>;
}

export interface RebalanceStatusWire {
  rebalance_id: string;
  model_id: string;
  model_name: string;
  status: string;
  progress: Record<string, number>;
  version: number;
  completed_at: string | null;
  number_of_portfolios: number;
  /** The trading options in force (`{}`: none). */
  options: Record<string, unknown>;
  links: LinksWire;
}

/** A served portfolio; amounts are JSON numbers (read the response text with `parseExact` for their digits). */
export interface PortfolioWire {
  portfolio_id: string;
  portfolio_name: string | null;
  status: string;
  error: string | null;
  market_value: number;
  cash_before_rebalance: number;
  cash_after_rebalance: number;
  positions: Array<Record<string, unknown>>;
  transactions: RebalanceDtoWire["transactions"];
}

export interface RebalanceWire extends RebalanceStatusWire {
  portfolios: PortfolioWire[];
}

/** The worker tests' model: four ordinary securities and one (sec 9) too expensive for portfolio 5. */
export const MODEL_POSITIONS = [
  { security_id: sec(1), target: "0.2", low_drift: "0.05", high_drift: "0.05" },
  { security_id: sec(2), target: "0.2", low_drift: "0.05", high_drift: "0.05" },
  { security_id: sec(3), target: "0.2", low_drift: "0.05", high_drift: "0.05" },
  { security_id: sec(4), target: "0.15", low_drift: "0.05", high_drift: "0.05" },
  { security_id: sec(9), target: "0.1", low_drift: "0.05", high_drift: "0.05" },
];

export async function startFleet(
  label: string,
  workerEnv: Record<string, string> = {},
  apiEnv: Record<string, string> = {},
): Promise<Fleet> {
  const ctx = createTestContext(label);
  const simulators = await startSimulators({ dataset: DATASET });
  const workers: WorkerProcess[] = [];
  let api: ApiHandle | undefined;
  const stop = async () => {
    await api?.stop();
    await Promise.all(workers.map((w) => w.child.stop(10_000)));
    await simulators.stop();
  };
  try {
    const target = { ...ctx, simulators: simulators.urls };
    workers.push(...(await Promise.all([startWorker(target, workerEnv), startWorker(target, workerEnv)])));
    api = await startApi(label, { LOG_LEVEL: "info", ...apiEnv }, ctx);
  } catch (error) {
    await stop();
    throw error;
  }
  return { api, simulators, workers, stop };
}

export async function createRebalanceModel(
  api: ApiHandle,
  portfolios: string[],
  positions = MODEL_POSITIONS,
): Promise<ModelWire> {
  const response = await api.request<ModelWire>("POST", "/api/v1/models", {
    body: { name: uniqueName("Rebalance"), positions, portfolios },
  });
  if (response.status !== 201)
    throw new Error(`model not created: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Polls GET /rebalance/{id} until it has a final status. */
export async function waitForRebalance(
  api: ApiHandle,
  rebalanceId: string,
  timeoutMs = 45_000,
): Promise<RebalanceWire> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // Pollers read the status view; the document is read once, at the end.
    const response: ApiResponse<RebalanceStatusWire> = await api.request(
      "GET",
      `/api/v1/rebalance/${rebalanceId}/status`,
    );
    if (response.body.completed_at)
      return (await api.request<RebalanceWire>("GET", `/api/v1/rebalance/${rebalanceId}`)).body;
    if (Date.now() > deadline)
      throw new Error(`rebalance ${rebalanceId} still ${response.body.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
