// `npm run demo` (SPEC §8): starts the fleet, creates a demo model over a few dozen simulator portfolios,
// submits an ASYNCHRONOUS rebalance, shows its progress (one line per poll), prints a readable summary and the
// signed webhook, then runs it again with trading options (buy_only + min_trade_value) and prints that too,
// stops the fleet and exits 0 — or non-zero with a clear message on any failure. Unlike `npm start` it never
// restarts a child: in a short scripted run a dying worker or simulator is a failure to report (exit 1 naming
// it), not something to paper over with a restart that would let the run end green.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findFreePort } from "./embedded/index.js";
import { requestJson } from "./demo/http.js";
import { formatSummary, type DemoPortfolio } from "./demo/summary.js";
import { startDemoWebhookReceiver } from "./demo/webhook-hook.js";
import { startFleet } from "./fleet/fleet.js";
import { loadLauncherConfig } from "./fleet/launcher-config.js";
import { createSupervisor } from "./fleet/supervisor.js";

const PORTFOLIOS = 30;
const SECURITIES = 8;
const POLL_MS = 250;
const RUN_TIMEOUT_MS = 120_000;

interface Dataset {
  securities: Array<{ security_id: string; ticker: string; price: string }>;
  portfolios: Array<{ portfolio_id: string; name: string; holdings?: Array<{ security_id: string }> }>;
}
interface RebalanceState {
  status: string;
  progress: Record<string, number>;
  number_of_portfolios: number;
  completed_at: string | null;
  error: { service: string | null; message: string } | null;
  options: Record<string, unknown>;
}

const say = (line: string) => console.log(line);
const supervisor = createSupervisor((line) => console.error(`[demo] ${line}`));

/**
 * The model: the securities most held by the chosen portfolios, 10 % each (80 % invested, 20 % cash), each
 * allowed from 0 % to 14 %. The open lower band is what lets the second run (buy_only) answer for most
 * portfolios: they hold many securities outside the model, which buy_only may not sell, so a 6 % floor on every
 * model security would leave most of them proven infeasible; the plain run still trades to the 10 % targets
 * (the objective is the distance to the target, the band only bounds it).
 */
function demoModel(dataset: Dataset) {
  const portfolios = dataset.portfolios.filter((p) => (p.holdings?.length ?? 0) > 0).slice(0, PORTFOLIOS);
  const held = new Map<string, number>();
  for (const p of portfolios)
    for (const h of p.holdings ?? []) held.set(h.security_id, (held.get(h.security_id) ?? 0) + 1);
  const securities = [...held]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, SECURITIES)
    .map(([id]) => id);
  return {
    name: `Demo balanced ${new Date().toISOString()}`,
    positions: securities.map((security_id) => ({ security_id, target: "0.1", low_drift: "0.1", high_drift: "0.04" })),
    portfolios: portfolios.map((p) => p.portfolio_id),
  };
}

async function followProgress(api: string, self: string): Promise<RebalanceState> {
  const started = Date.now();
  for (;;) {
    const { body } = await requestJson<RebalanceState>("GET", `${api}${self}`);
    const p = body.progress;
    say(
      `  ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s  ${body.status.padEnd(21)} completed ${p.completed}/${body.number_of_portfolios}  running ${p.running}  queued ${p.queued}  infeasible ${p.infeasible}  failed ${p.failed}  cancelled ${p.cancelled}`,
    );
    if (body.completed_at) return body;
    if (Date.now() - started > RUN_TIMEOUT_MS)
      throw new Error(`the rebalance did not finish within ${RUN_TIMEOUT_MS / 1000} s (still ${body.status})`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The whole rebalance document, every portfolio included, as the portal reads it. */
async function allPortfolios(api: string, document: string): Promise<DemoPortfolio[]> {
  return (await requestJson<{ portfolios: DemoPortfolio[] }>("GET", `${api}${document}`)).body.portfolios;
}

/** The demo's second run (README "Trading constraints"): invest cash only, no trade worth less than 1,000. */
const SECOND_RUN_OPTIONS = { mode: "buy_only", min_trade_value: "1000" };

/** Submits one asynchronous rebalance of the model, follows its progress and prints its summary. */
async function rebalance(api: string, modelId: string, title: string, body: Record<string, unknown>): Promise<void> {
  const submitted = await requestJson<{ rebalance_id: string; links: { self: string; document: string } }>(
    "POST",
    `${api}/api/v1/model/${modelId}/rebalance`,
    { headers: { prefer: "respond-async" }, body },
  );
  say(
    `${title}: submitted rebalance ${submitted.body.rebalance_id} asynchronously (202, Location ${submitted.headers.get("location")}). Progress:`,
  );
  const finished = await followProgress(api, submitted.body.links.self);
  if (finished.status === "failed")
    throw new Error(`the rebalance failed: ${finished.error?.message ?? "no portfolio could be solved"}`);
  say("");
  say(`Rebalance ${finished.status}; options in force ${JSON.stringify(finished.options)}. Summary:`);
  say(formatSummary(await allPortfolios(api, submitted.body.links.document)));
}

async function main(): Promise<void> {
  const secret = `whsec_${randomBytes(32).toString("base64")}`;
  const env = { LOG_LEVEL: "warn", WEBHOOK_ALLOWED_CIDRS: "127.0.0.0/8", WEBHOOK_SECRET: secret, ...process.env };
  // A free port unless PORT is set, so the demo runs next to an `npm start` fleet.
  // Its own Redis data directory, so it never replays the queue of an `npm start` fleet.
  const dataDir = mkdtempSync(join(tmpdir(), "ogs-demo-"));
  supervisor.add({ name: "demo data", stop: () => Promise.resolve(rmSync(dataDir, { recursive: true, force: true })) });
  const config = loadLauncherConfig({
    ...env,
    PORT: process.env.PORT ?? String(await findFreePort()),
    LAUNCHER_DATA_DIR: process.env.LAUNCHER_DATA_DIR ?? dataDir,
  });
  say("Starting the fleet (MongoDB, Redis, simulators, API, workers)…");
  const fleet = await startFleet({
    settings: config,
    env,
    tracker: supervisor,
    log: (line) => say(`  ${line}`),
    quiet: true,
    // No `restart`: any child that dies fails the demo (see the header).
  });
  const api = fleet.urls.api;
  say(`Fleet up: API ${api}, ${fleet.urls.workers.length} workers, Bull Board ${api}/admin/queues`);

  const accounting = fleet.urls.simulators.accounting;
  if (!accounting)
    throw new Error("the demo needs the simulators' dataset; unset ACCOUNTING_URL and the other service URLs");
  const dataset = (await requestJson<Dataset>("GET", `${accounting}/_sim/dataset`)).body;
  const model = (
    await requestJson<{ model_id: string; name: string }>("POST", `${api}/api/v1/models`, { body: demoModel(dataset) })
  ).body;
  say(`Created model "${model.name}" (${model.model_id}) over ${PORTFOLIOS} portfolios and ${SECURITIES} securities.`);

  const receiver = await startDemoWebhookReceiver(secret);
  await rebalance(api, model.model_id, "Plain rebalance (no options)", receiver ? { callback_url: receiver.url } : {});
  if (receiver) {
    await receiver.printEvent();
    await receiver.close();
  }
  // The same model and holdings once more, trading only new cash and skipping tickets under 1,000.
  say("");
  await rebalance(api, model.model_id, "Second run: buy_only + min_trade_value 1000", {
    options: SECOND_RUN_OPTIONS,
  });
  say("");
  await supervisor.shutdown("demo finished", 0);
}

main().catch((error: unknown) => {
  void supervisor.shutdown(`demo failed: ${error instanceof Error ? error.message : String(error)}`, 1);
});
