// The fleet of the portal suite: rebalance-fleet.ts's fleet (the BUILT API, two BUILT workers, the simulators,
// the shared Redis and MongoDB-compatible server) over the worker tests' dataset plus `extra` generated
// portfolios, so one model can hold more portfolios than GET /rebalance/{id} used to embed (SPEC §5.5).
import {
  createTestContext,
  startSimulators,
  type DatasetInput,
  startWorker,
  type WorkerProcess,
} from "@ogs/test-support";
import { startApi, type ApiHandle } from "../../support/api-process.js";
import { DATASET, sec, type Fleet } from "../../support/rebalance-fleet.js";

/** A 24-character portfolio id of the generated portfolios ("GEN" + zero-padded number). */
export const generated = (n: number) => `GEN${String(n).padStart(21, "0")}`;

/** Securities of the worker dataset every generated portfolio may hold (the expensive sec 9 left out). */
const HELD = [sec(1), sec(2), sec(3), sec(4), sec(7)];

/**
 * The worker dataset plus `extra` portfolios with cash from 40,000 to 500,000 and up to three holdings each;
 * deterministic, so a failure replays.
 */
export function datasetWith(extra: number): DatasetInput {
  const portfolios = Array.from({ length: extra }, (_, i) => {
    const n = i + 1;
    return {
      portfolio_id: generated(n),
      name: `Generated ${n}`,
      cash: String(40_000 + ((n * 7_919) % 460_000)) + (n % 4 === 0 ? ".25" : ""),
      holdings: HELD.filter((_, k) => (n + k) % 3 !== 0)
        .slice(0, 3)
        .map((security_id, k) => ({ security_id, quantity: String(((n * 37 + k * 101) % 900) + 10) })),
    };
  });
  return { securities: DATASET.securities, portfolios: [...DATASET.portfolios, ...portfolios] };
}

export async function startCompatFleet(label: string, dataset: DatasetInput): Promise<Fleet> {
  const ctx = createTestContext(label);
  const simulators = await startSimulators({ dataset });
  const workers: WorkerProcess[] = [];
  let api: ApiHandle | undefined;
  const stop = async () => {
    await api?.stop();
    await Promise.all(workers.map((w) => w.child.stop(10_000)));
    await simulators.stop();
  };
  try {
    const target = { ...ctx, simulators: simulators.urls };
    workers.push(...(await Promise.all([startWorker(target), startWorker(target)])));
    api = await startApi(label, { LOG_LEVEL: "info" }, ctx);
  } catch (error) {
    await stop();
    throw error;
  }
  return { api, simulators, workers, stop };
}
