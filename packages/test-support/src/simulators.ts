// Starts the BUILT GlobeCo simulators process (apps/simulators/dist/main.js, built by `npm test`)
// on free ports, the same way the launcher does, and drives its admin endpoints (faults, dataset,
// request counts). Used by every integration test that needs the external services.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnChild, waitForOutput } from "./processes.js";
import type { Dataset, DatasetInput } from "../../../apps/simulators/src/dataset/types.js";
import type { Faults } from "../../../apps/simulators/src/http/faults.js";

export type { Dataset, DatasetInput, Faults };

export interface SimulatorUrls {
  accounting: string;
  security: string;
  pricing: string;
  portfolio: string;
  order: string;
}
export type SimulatedServiceName = keyof SimulatorUrls;

export interface StartSimulatorsOptions {
  /** Serve exactly this dataset (written to a temporary SIMULATOR_DATA file). */
  dataset?: DatasetInput;
  /** Generated dataset: seed and sizes (ignored when `dataset` is given). Small by default. */
  seed?: number;
  portfolios?: number;
  securities?: number;
  holdingsPerPortfolio?: number;
  /** Extra environment variables, e.g. `{ SIMULATOR_ACCOUNTING_AMOUNTS: "number" }`. */
  env?: Record<string, string>;
}

export interface RunningSimulators {
  urls: SimulatorUrls;
  setFaults(service: SimulatedServiceName, faults: Faults): Promise<void>;
  clearFaults(): Promise<void>;
  dataset(): Promise<Dataset>;
  /** Requests the service has received (admin endpoints excluded), in total or for one URL path. */
  requestCount(service: SimulatedServiceName, path?: string): Promise<number>;
  resetRequestCounts(): Promise<void>;
  stop(): Promise<void>;
}

const MAIN = fileURLToPath(new URL("../../../apps/simulators/dist/main.js", import.meta.url));
const SERVICES: SimulatedServiceName[] = ["accounting", "security", "pricing", "portfolio", "order"];

export async function startSimulators(options: StartSimulatorsOptions = {}): Promise<RunningSimulators> {
  if (!existsSync(MAIN))
    throw new Error(`${MAIN} is missing: build first (npm run build, or npx tsc -b apps/simulators).`);
  const dir = await mkdtemp(join(tmpdir(), "ogs-sim-"));
  const urlsFile = join(dir, "urls.json");
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    LOG_LEVEL: "warn",
    SIMULATOR_HOST: "127.0.0.1",
    SIMULATOR_URLS_FILE: urlsFile,
    SIMULATOR_SEED: String(options.seed ?? 42),
    SIMULATOR_PORTFOLIOS: String(options.portfolios ?? 10),
    SIMULATOR_SECURITIES: String(options.securities ?? 30),
    SIMULATOR_HOLDINGS: String(options.holdingsPerPortfolio ?? 5),
    ...Object.fromEntries(SERVICES.map((s) => [`SIMULATOR_${s.toUpperCase()}_PORT`, "0"])),
  };
  if (options.dataset) {
    env.SIMULATOR_DATA = join(dir, "dataset.json");
    await writeFile(env.SIMULATOR_DATA, JSON.stringify(options.dataset));
  }
  const child = spawnChild("simulators", process.execPath, [MAIN], { env: { ...env, ...options.env } });
  try {
    await waitForOutput(child.process, /simulators ready/, 30_000, "simulators");
  } catch (error) {
    await child.stop(1_000);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const urls = JSON.parse(await readFile(urlsFile, "utf8")) as SimulatorUrls;

  const admin = async (service: SimulatedServiceName, path: string, init: RequestInit = {}) => {
    const response = await fetch(`${urls[service]}/_sim/${path}`, init);
    const text = await response.text();
    if (!response.ok)
      throw new Error(`${init.method ?? "GET"} ${service} /_sim/${path} answered ${response.status}: ${text}`);
    return text === "" ? undefined : (JSON.parse(text) as unknown);
  };
  const setFaults = async (service: SimulatedServiceName, faults: Faults) => {
    await admin(service, "faults", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(faults),
    });
  };
  return {
    urls,
    setFaults,
    clearFaults: async () => {
      await Promise.all(SERVICES.map((service) => setFaults(service, {})));
    },
    dataset: async () => (await admin("accounting", "dataset")) as Dataset,
    requestCount: async (service, path) => {
      const counts = (await admin(service, "requests")) as { total: number; by_path: Record<string, number> };
      return path === undefined ? counts.total : (counts.by_path[path] ?? 0);
    },
    resetRequestCounts: async () => {
      await Promise.all(SERVICES.map((service) => admin(service, "requests", { method: "DELETE" })));
    },
    stop: async () => {
      await child.stop(5_000);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
