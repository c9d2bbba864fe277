// `npm run chaos`: the chaos suite (SPEC §5.4: nothing lost or doubled under faults). Each scenario starts a real
// fleet on 127.0.0.1 — its own redis-server (AOF on), MongoDB-compatible server, simulators, API and two
// workers — strikes it (worker SIGKILL, Redis restart, MongoDB stall, upstream errors, API SIGKILL during
// keyed submissions, 50 pollers), and checks that every portfolio of every rebalance is stored exactly once,
// that the counts add up and that the timings hold; then takes every process, port and temp dir down again.
// `--short` (CI): ≈ 100 portfolios per scenario, < 3 min in all. `--only ID[,ID]` runs some scenarios.
// Exits 1 when a scenario fails. Writes bench-results/chaos.json (chaos-short.json with --short).
import { checkChecker } from "./chaos/checker-self-test.js";
import { table, writeResults } from "./chaos/report.js";
import { createFleetPool } from "./chaos/fleet-pool.js";
import { runScenario, type ScenarioReport } from "./chaos/scenario.js";
import { SCENARIOS } from "./chaos/scenarios/index.js";
import { installShutdown, isStopping } from "./chaos/shutdown.js";

const SHORT = process.argv.includes("--short");
const onlyIndex = process.argv.indexOf("--only");
const only = onlyIndex > 0 ? (process.argv[onlyIndex + 1] ?? "").split(",") : undefined;
const selected = only ? SCENARIOS.filter((s) => only.includes(s.id)) : SCENARIOS;
if (selected.length === 0) {
  console.error(`no scenario matches --only; the scenarios are: ${SCENARIOS.map((s) => s.id).join(", ")}`);
  process.exit(2);
}

// The checker must be able to fail: it is shown a duplicated, a missing and an unsettled portfolio first.
checkChecker();

const started = performance.now();
const reports: ScenarioReport[] = [];
console.log(`chaos suite (${SHORT ? "short" : "full"}): ${selected.map((s) => s.id).join(", ")}`);
installShutdown((line) => console.error(line));
const pool = createFleetPool();
for (const [index, scenario] of selected.entries()) {
  if (isStopping()) break;
  console.log(`▶ ${scenario.title}`);
  const next = selected[index + 1];
  const report = await runScenario(scenario, {
    short: SHORT,
    log: (line) => console.log(line),
    pool,
    handOn: next !== undefined && next.fleet(SHORT).key === scenario.fleet(SHORT).key,
  });
  reports.push(report);
  console.log(`  ${report.result} in ${report.seconds} s${report.error ? `: ${report.error}` : ""}`);
}
const seconds = Math.round((performance.now() - started) / 100) / 10;
console.log(`\n${table(reports)}\n`);
const file = await writeResults(reports, SHORT, seconds);
const failed = reports.filter((r) => r.result === "failed").length;
console.log(`${reports.length - failed} of ${reports.length} scenarios passed in ${seconds} s; wrote ${file}`);
process.exit(failed ? 1 : 0);
