// The GlobeCo simulators as one child process, started exactly as test/support/simulators.ts does
// (`node apps/simulators/dist/main.js`, URLs read from SIMULATOR_URLS_FILE once "simulators ready" is
// printed). Generated data unless SIMULATOR_DATA is set; ports are free ones unless SIMULATOR_*_PORT is set.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { waitForOutput } from "../embedded/index.js";
import { startNodeProcess, type NodeProcess } from "./node-process.js";

const SIMULATORS_MAIN = fileURLToPath(new URL("../../../simulators/dist/main.js", import.meta.url));
const SERVICES = ["accounting", "security", "pricing", "portfolio", "order"] as const;
/** Generating or loading a large dataset takes a while (10,000 portfolios ≈ a few seconds). */
const READY_TIMEOUT_MS = 120_000;

export type ServiceName = (typeof SERVICES)[number];
export type ServiceUrls = Record<ServiceName, string>;

export interface SimulatorsProcess {
  urls: ServiceUrls;
  process: NodeProcess;
}

export async function startSimulatorsProcess(env: NodeJS.ProcessEnv, quiet: boolean): Promise<SimulatorsProcess> {
  const ownDir = env.SIMULATOR_URLS_FILE ? undefined : mkdtempSync(join(tmpdir(), "ogs-fleet-sim-"));
  const urlsFile = env.SIMULATOR_URLS_FILE ?? join(ownDir!, "urls.json");
  const ports = Object.fromEntries(
    SERVICES.map((s) => [`SIMULATOR_${s.toUpperCase()}_PORT`, env[`SIMULATOR_${s.toUpperCase()}_PORT`] ?? "0"]),
  );
  const child = startNodeProcess({
    name: "simulators",
    script: SIMULATORS_MAIN,
    env: { ...env, ...ports, SIMULATOR_URLS_FILE: urlsFile },
    quiet,
  });
  const stop = child.stop;
  const process: NodeProcess = {
    ...child,
    async stop(graceMs) {
      await stop(graceMs);
      if (ownDir) rmSync(ownDir, { recursive: true, force: true });
    },
  };
  try {
    await waitForOutput(child.process, /simulators ready/, READY_TIMEOUT_MS, "simulators");
    return { urls: JSON.parse(readFileSync(urlsFile, "utf8")) as ServiceUrls, process };
  } catch (error) {
    await process.stop(2_000);
    throw error;
  }
}
