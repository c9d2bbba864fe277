// The swap's fleet (SPEC §1, drop-in): the BUILT API and two BUILT workers started with the GlobeCo Helm
// chart's environment as a GlobeCo pod sees it (@ogs/test-support `globeco-chart.ts`) against a MongoDB that already
// holds the original service's data. Added to the chart's variables, because a test machine is not the cluster:
// MONGODB_URL (this test's server instead of the chart's in-cluster name), REDIS_URL and QUEUE_PREFIX (the
// shared test Redis), PORT / WORKER_METRICS_PORT (free ports) and the GlobeCo service URLs (the simulators;
// in the cluster our defaults are the same in-cluster names the original uses).
import { fileURLToPath } from "node:url";
import {
  findFreePort,
  spawnChild,
  waitForOutput,
  type ManagedChild,
  createTestContext,
  chartEnvironment,
  startSimulators,
  type RunningSimulators,
} from "@ogs/test-support";
import { DATASET } from "../../support/rebalance-fleet.js";

const API_MAIN = fileURLToPath(new URL("../../../dist/main.js", import.meta.url));
const WORKER_MAIN = fileURLToPath(new URL("../../../../worker/dist/main.js", import.meta.url));

export interface ChartFleet {
  baseUrl: string;
  /** The chart's environment as the processes got it (additions included). */
  env: Record<string, string>;
  simulators: RunningSimulators;
  /** Everything the API and the workers printed (pino JSON lines), for a failure message. */
  output(): string;
  stop(): Promise<void>;
}

async function waitUntilReady(url: string, api: ManagedChild, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (api.process.exitCode !== null)
      throw new Error(`the API exited with code ${api.process.exitCode}:\n${output()}`);
    try {
      if ((await fetch(`${url}/health/ready`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not become ready within 30 s:\n${output()}`);
}

export async function startChartFleet(label: string, mongoUrl: string): Promise<ChartFleet> {
  const ctx = createTestContext(label);
  const simulators = await startSimulators({ dataset: DATASET });
  const children: ManagedChild[] = [];
  let output = "";
  const stop = async () => {
    await Promise.all(children.map((child) => child.stop(10_000)));
    await simulators.stop();
  };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    ...chartEnvironment(),
    MONGODB_URL: mongoUrl,
    REDIS_URL: ctx.redisUrl,
    QUEUE_PREFIX: ctx.queuePrefix,
    ACCOUNTING_URL: simulators.urls.accounting,
    SECURITY_URL: simulators.urls.security,
    PRICING_URL: simulators.urls.pricing,
    PORTFOLIO_URL: simulators.urls.portfolio,
    ORDER_URL: simulators.urls.order,
  };
  const start = (app: "api" | "worker", extra: Record<string, string>) => {
    const child = spawnChild(app, process.execPath, [app === "api" ? API_MAIN : WORKER_MAIN], {
      env: { ...env, ...extra },
    });
    children.push(child);
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-50_000));
    child.process.stdout?.on("data", keep);
    child.process.stderr?.on("data", keep);
    return child;
  };
  try {
    const workers = [0, 1].map(() => start("worker", { WORKER_METRICS_PORT: "0" }));
    await Promise.all(workers.map((worker) => waitForOutput(worker.process, /worker listening on/, 30_000, "worker")));
    const port = String(await findFreePort());
    const api = start("api", { PORT: port });
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitUntilReady(baseUrl, api, () => output);
    return { baseUrl, env: { ...env, PORT: port }, simulators, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
