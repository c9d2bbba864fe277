// `npm start`: the embedded fleet (SPEC §8). Starts MongoDB and Redis when MONGODB_URL / REDIS_URL are
// unset, the simulators unless every service URL is set, the API on PORT (default 8088) and WORKERS
// worker processes; prints every URL (and writes them to FLEET_URLS_FILE). A worker or the simulators
// dying on their own are restarted with backoff (LAUNCHER_RESTART_*); the fleet stops on Ctrl-C / SIGTERM
// (exit 0), or with exit 1 when the API or a database dies or a child's restart budget is spent.
import { writeFileSync } from "node:fs";
import { startFleet, type Fleet } from "./fleet/fleet.js";
import { loadLauncherConfig } from "./fleet/launcher-config.js";
import { restartPolicyFrom } from "./fleet/restart-policy.js";
import { createSupervisor } from "./fleet/supervisor.js";

const log = (line: string) => console.error(`[launcher] ${line}`);
const supervisor = createSupervisor(log);

function banner({ urls, embedded }: Fleet, dataDir: string): string {
  const rows: Array<[string, string]> = [
    ["API", `${urls.api}/api/v1/models`],
    ["Swagger UI", `${urls.api}/docs`],
    ["OpenAPI", `${urls.api}/openapi.json`],
    ["Bull Board", `${urls.api}/admin/queues`],
    ["Health", `${urls.api}/health/health`],
    ["Metrics", `${urls.api}/metrics`],
    ...urls.workers.map((url, index): [string, string] => [`Worker ${index + 1}`, `${url}/metrics`]),
    ...Object.entries(urls.simulators).map(([service, url]): [string, string] => [
      `${service[0]!.toUpperCase()}${service.slice(1)}`,
      `${url}${embedded.simulators ? " (simulator)" : ""}`,
    ]),
    ["MongoDB", `${urls.mongodb}${embedded.mongo ? " (embedded, in memory)" : ""}`],
    ["Redis", `${urls.redis}${embedded.redis ? ` (embedded, AOF in ${dataDir}/redis)` : ""}`],
  ];
  return [
    "",
    "Order Generation Service is running:",
    ...rows.map(([name, url]) => `  ${name.padEnd(13)} ${url}`),
    "Press Ctrl-C to stop.",
    "",
  ].join("\n");
}

async function main(): Promise<void> {
  const config = loadLauncherConfig(process.env);
  const fleet = await startFleet({
    settings: config,
    env: process.env,
    tracker: supervisor,
    log,
    restart: restartPolicyFrom(config),
  });
  if (config.FLEET_URLS_FILE) {
    const json = JSON.stringify(fleet.urls);
    writeFileSync(config.FLEET_URLS_FILE, `${json}\n`);
    console.log(`fleet URLs (also in ${config.FLEET_URLS_FILE}): ${json}`);
  }
  console.log(banner(fleet, config.LAUNCHER_DATA_DIR));
}

main().catch((error: unknown) => {
  void supervisor.shutdown(`start-up failed: ${error instanceof Error ? error.message : String(error)}`, 1);
});
