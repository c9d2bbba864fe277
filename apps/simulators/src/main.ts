// `npm run simulators`: the GlobeCo simulators as one process (SPEC §9). Prints the base URLs, writes
// them to SIMULATOR_URLS_FILE when set (the test helper and the launcher read that file), and stops
// cleanly on SIGTERM/SIGINT.
import { rename, writeFile } from "node:fs/promises";
import { commonEnv, parseConfig, simulatorsEnv, telemetryEnv, withTelemetrySection } from "@ogs/config";
import { createLogger, startTelemetry } from "@ogs/observability";
import { generateDataset } from "./dataset/generate.js";
import { loadDatasetFile } from "./dataset/load.js";
import { startSimulators } from "./start.js";

async function main(): Promise<void> {
  const started = performance.now();
  const config = parseConfig(
    commonEnv.extend(simulatorsEnv.shape).extend(telemetryEnv.shape).transform(withTelemetrySection),
  );
  const logger = createLogger({ service: "simulators", level: config.LOG_LEVEL });
  // Standing in for GlobeCo services, the simulators continue the worker's traces as those services would.
  const stopTelemetry = await startTelemetry(config.telemetry, "simulators", logger);

  const dataset = config.SIMULATOR_DATA
    ? await loadDatasetFile(config.SIMULATOR_DATA)
    : generateDataset({
        seed: config.SIMULATOR_SEED,
        portfolios: config.SIMULATOR_PORTFOLIOS,
        securities: config.SIMULATOR_SECURITIES,
        holdingsPerPortfolio: config.SIMULATOR_HOLDINGS,
      });

  const simulators = await startSimulators(dataset, {
    host: config.SIMULATOR_HOST,
    ports: {
      accounting: config.SIMULATOR_ACCOUNTING_PORT,
      security: config.SIMULATOR_SECURITY_PORT,
      pricing: config.SIMULATOR_PRICING_PORT,
      portfolio: config.SIMULATOR_PORTFOLIO_PORT,
      order: config.SIMULATOR_ORDER_PORT,
    },
    accountingAmounts: config.SIMULATOR_ACCOUNTING_AMOUNTS,
    accountingApiKey: config.SIMULATOR_ACCOUNTING_API_KEY,
  });

  if (config.SIMULATOR_URLS_FILE) {
    // Write then rename, so a reader never sees half a file.
    const temporary = `${config.SIMULATOR_URLS_FILE}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(simulators.urls, null, 2)}\n`);
    await rename(temporary, config.SIMULATOR_URLS_FILE);
  }
  for (const [name, url] of Object.entries(simulators.urls)) console.log(`${name.padEnd(10)} ${url}`);
  console.log(
    `simulators ready: ${dataset.portfolios.length} portfolios, ${dataset.securities.length} securities ` +
      `(${config.SIMULATOR_DATA ?? `seed ${config.SIMULATOR_SEED}`}) in ${Math.round(performance.now() - started)} ms`,
  );

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping simulators");
    simulators
      .stop()
      .then(() => stopTelemetry())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, "error while stopping simulators");
          process.exit(1);
        },
      );
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

main().catch((error: unknown) => {
  // A bad variable or dataset stops the process with a message naming it (ARCHITECTURE "Configuration").
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
