// The GlobeCo simulators as one child process, started exactly as packages/test-support/src/simulators.ts does
// (`node apps/simulators/dist/main.js`, URLs read from SIMULATOR_URLS_FILE once "simulators ready" is
// printed). Generated data unless SIMULATOR_DATA is set; ports are free ones unless SIMULATOR_*_PORT is set.
// A restarted simulators process listens on the first run's ports (the URLs the API and workers were given)
// and serves the same dataset (same seed or file); faults set through /_sim/faults are not kept.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { waitForOutput } from "../embedded/index.js";
import { startNodeProcess } from "./node-process.js";
import type { Incarnation } from "./supervised-process.js";

const SIMULATORS_MAIN = fileURLToPath(new URL("../../../simulators/dist/main.js", import.meta.url));
const SERVICES = ["accounting", "security", "pricing", "portfolio", "order"] as const;
/** Generating or loading a large dataset takes a while (10,000 portfolios ≈ a few seconds). */
const READY_TIMEOUT_MS = 120_000;

export type ServiceName = (typeof SERVICES)[number];
export type ServiceUrls = Record<ServiceName, string>;

export interface SimulatorsSpawner {
  name: string;
  /** The services' base URLs, known once the first run is ready. */
  urls(): ServiceUrls;
  spawn(): Incarnation;
  /** Removes the temporary directory of the URLs file. */
  cleanup(): void;
}

const portVariable = (service: ServiceName) => `SIMULATOR_${service.toUpperCase()}_PORT`;

export function simulatorsSpawner(env: NodeJS.ProcessEnv, quiet: boolean): SimulatorsSpawner {
  const ownDir = env.SIMULATOR_URLS_FILE ? undefined : mkdtempSync(join(tmpdir(), "ogs-fleet-sim-"));
  const urlsFile = env.SIMULATOR_URLS_FILE ?? join(ownDir!, "urls.json");
  let urls: ServiceUrls | undefined;
  const ports = () =>
    Object.fromEntries(
      SERVICES.map((s) => [portVariable(s), urls ? new URL(urls[s]).port : (env[portVariable(s)] ?? "0")]),
    );
  return {
    name: "simulators",
    urls() {
      if (!urls) throw new Error("the simulators have not reported their URLs yet");
      return urls;
    },
    spawn() {
      const process = startNodeProcess({
        name: "simulators",
        script: SIMULATORS_MAIN,
        env: { ...env, ...ports(), SIMULATOR_URLS_FILE: urlsFile },
        quiet,
      });
      const ready = waitForOutput(process.process, /simulators ready/, READY_TIMEOUT_MS, "simulators").then(
        () => void (urls ??= JSON.parse(readFileSync(urlsFile, "utf8")) as ServiceUrls),
      );
      return { process, ready };
    },
    cleanup() {
      if (ownDir) rmSync(ownDir, { recursive: true, force: true });
    },
  };
}
