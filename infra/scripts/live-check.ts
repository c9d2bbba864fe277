// Live check: a real Prometheus, configured from the fleet the launcher describes in
// FLEET_URLS_FILE, scrapes the api and every worker with the project's rules; its HTTP API must
// then show every target up and every recording rule returning data. Run it while a rebalance runs.
// Usage: FLEET_URLS_FILE=fleet.json tsx infra/scripts/live-check.ts [--timeout SECONDS]
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parse } from "yaml";
import { fileSdEntry, readFleet } from "./live/fleet.js";
import { startPrometheus, type PrometheusServer } from "./live/prometheus-server.js";
import { repoRoot } from "./project-facts.js";
import { createReport } from "./report.js";

interface Target {
  labels: Record<string, string>;
  health: string;
  lastError: string;
  scrapeUrl: string;
}
interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

const fleetFile = process.env.FLEET_URLS_FILE;
if (!fleetFile) {
  process.stderr.write(
    "FLEET_URLS_FILE is not set: start the fleet with FLEET_URLS_FILE=path npm start, then run this with the same variable.\n",
  );
  process.exit(2);
}
const timeoutIndex = process.argv.indexOf("--timeout");
const deadline = Date.now() + 1000 * Number(timeoutIndex > 0 ? process.argv[timeoutIndex + 1] : 120);
const fleet = readFleet(fleetFile);
const prometheusDir = path.join(repoRoot, "infra/prometheus");

/** prometheus.local.yml with its rules and target files generated from the fleet, in a fresh directory. */
function writeConfig(dir: string): string {
  cpSync(path.join(prometheusDir, "rules"), path.join(dir, "rules"), { recursive: true });
  mkdirSync(path.join(dir, "targets"));
  writeFileSync(path.join(dir, "targets/api.json"), JSON.stringify([fileSdEntry(fleet.api)], null, 2));
  writeFileSync(path.join(dir, "targets/workers.json"), JSON.stringify(fleet.workers.map(fileSdEntry), null, 2));
  cpSync(path.join(prometheusDir, "prometheus.local.yml"), path.join(dir, "prometheus.yml"));
  return path.join(dir, "prometheus.yml");
}

function recordedSeries(): string[] {
  const rules = parse(readFileSync(path.join(prometheusDir, "rules/recording.yml"), "utf8")) as {
    groups: { rules: { record?: string }[] }[];
  };
  return rules.groups.flatMap((group) => group.rules.flatMap((rule) => (rule.record ? [rule.record] : [])));
}

async function targetsUp(prometheus: PrometheusServer): Promise<Target[]> {
  const expected = 1 + fleet.workers.length;
  for (;;) {
    const { data } = await prometheus.query<{ data: { activeTargets: Target[] } }>("/api/v1/targets?state=active");
    const up = data.activeTargets.filter((target) => target.health === "up");
    if ((data.activeTargets.length === expected && up.length === expected) || Date.now() > deadline)
      return data.activeTargets;
    await sleep(1_000);
  }
}

async function ruleValues(prometheus: PrometheusServer, records: string[]): Promise<Map<string, Sample[]>> {
  const values = new Map<string, Sample[]>();
  while (values.size < records.length && Date.now() <= deadline) {
    for (const record of records.filter((name) => !values.has(name))) {
      const { data } = await prometheus.query<{ data: { result: Sample[] } }>(
        `/api/v1/query?query=${encodeURIComponent(record)}`,
      );
      if (data.result.length > 0) values.set(record, data.result);
    }
    if (values.size < records.length) await sleep(2_000);
  }
  return values;
}

const report = createReport();
const dir = mkdtempSync(path.join(tmpdir(), "ogs-live-prometheus-"));
let prometheus: PrometheusServer | undefined;
const cleanUp = async () => {
  await prometheus?.stop();
  rmSync(dir, { recursive: true, force: true });
};
process.once("SIGINT", () => void cleanUp().then(() => process.exit(130)));
try {
  prometheus = await startPrometheus({
    configFile: writeConfig(dir),
    dataDir: path.join(dir, "data"),
    log: (line) => process.stdout.write(`  ${line}\n`),
  });
  process.stdout.write(
    `prometheus ${prometheus.url} scraping api ${fleet.api} and ${fleet.workers.length} worker(s)\n`,
  );
  for (const target of await targetsUp(prometheus)) {
    const line = `target ${target.labels.job} ${target.scrapeUrl} ${target.health}${target.lastError ? ` (${target.lastError})` : ""}`;
    if (target.health === "up") report.ok(line);
    else report.fail(line);
  }
  const records = recordedSeries();
  const values = await ruleValues(prometheus, records);
  for (const record of records) {
    const samples = values.get(record);
    if (!samples) report.fail(`${record}: no data (is a rebalance running?)`);
    else
      report.ok(
        `${record} = ${samples
          .slice(0, 4)
          .map((sample) => `${JSON.stringify(sample.metric).replace(/"__name__":"[^"]*",?/, "")} ${sample.value[1]}`)
          .join("; ")}${samples.length > 4 ? ` (+${samples.length - 4} more)` : ""}`,
      );
  }
} catch (error) {
  report.fail(error instanceof Error ? error.message : String(error));
} finally {
  await cleanUp();
}
report.finish("live prometheus check");
