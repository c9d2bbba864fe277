// `npm run bench:fleet`: a generated dataset of 1,000 portfolios × 50 securities, simulators with 2 ms
// added latency, one model over every portfolio; the time from POST to `completed` with 1 and with 2 worker
// processes, per-job p50/p99 (stored started/finished times), the share of job time spent solving (the
// workers' /metrics sums) and the CPU each process kind spent per portfolio (/proc). Target: 1,000
// portfolios ≤ 10 s with 2 workers.
// `--sustained`: 10 consecutive 1,000-portfolio rebalances on one fleet (the 10th within 1.3× of the 1st).
// `--large` adds a 10,000-portfolio run with 2 workers (target ≤ 60 s): RSS of every process sampled, the
// status view timed while it runs, then the whole document read once (time to last byte, API RSS growth).
// `--large-only` runs just that one. Writes bench-results/fleet.json (fleet-large.json, fleet-sustained.json).
// `--otlp`: every process exports its spans and metrics to a local OTLP/HTTP sink (bench/otlp-sink.ts), to
// measure what tracing costs (README "Traces"); writes bench-results/fleet-otlp.json.
import { mkdir, writeFile } from "node:fs/promises";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { connectStore } from "@ogs/store";
import { findFreePort } from "../apps/launcher/src/embedded/index.js";
import { requestJson } from "../apps/launcher/src/demo/http.js";
import { startFleet, type Fleet } from "../apps/launcher/src/fleet/fleet.js";
import { loadLauncherConfig } from "../apps/launcher/src/fleet/launcher-config.js";
import { createFleetTracker } from "../apps/launcher/src/fleet/tracker.js";
import {
  cpuDelta,
  metricSum,
  percentile,
  sampleRss,
  scrapeAll,
  threadSplitDelta,
  type RssSeries,
} from "./fleet-probes.js";
import { hottest } from "./cpu-profile.js";
import { startOtlpSink } from "./otlp-sink.js";

const SECURITIES = 50;
const MODEL_SECURITIES = 20;
const LATENCY_MS = 2;
const WARM_UP_PORTFOLIOS = 20;
/**
 * Polls are sparse on purpose: the measured time comes from the stored completed_at, not from the poll,
 * and on the embedded MongoDB-compatible server a GET of a 10,000-portfolio rebalance costs seconds of
 * its (scanning) counts, which would slow the run it measures.
 */
const pollMs = (portfolios: number) => (portfolios > 1_000 ? 2_000 : 500);
const LARGE = process.argv.includes("--large");
const SUSTAINED = process.argv.includes("--sustained");
/** `--profile` (npm run profile:worker): one 1,000-portfolio run with 2 workers under `node --cpu-prof`. */
const PROFILE = process.argv.includes("--profile");
const PROFILE_DIR = "bench-results/profiles";
/** Consecutive rebalances of `--sustained`. */
const SUSTAINED_RUNS = 10;
/** Worker tuning for an I/O-bound job mix; overridable from the environment. */
const WORKER_ENV = { WORKER_CONCURRENCY: "16", SOLVER_THREADS: "1", PRICE_CONCURRENCY: "16", ...process.env };
const OTLP = process.argv.includes("--otlp");
const sink = OTLP ? await startOtlpSink() : undefined;

interface RunResult {
  workers: number;
  portfolios: number;
  securities: number;
  seconds: number;
  portfolios_per_second: number;
  job_p50_ms: number;
  job_p99_ms: number;
  solve_share: number;
  status: string;
  /** Mean duration of one outbound call per GlobeCo service during the run. */
  external_mean_ms: Record<string, number>;
  /** CPU seconds each fleet process used during the measured run (where a 2-core machine's time goes). */
  cpu_seconds: Record<string, number>;
  /** CPU milliseconds per portfolio by process kind (the workers summed), and all together. */
  cpu_ms_per_portfolio: Record<string, number>;
  /**
   * Each worker's CPU ms per portfolio job it ran: workers of one fleet started with different settings
   * (e.g. LAUNCHER_WORKER_NODE_ARGS) are compared under the same load at the same time.
   */
  cpu_ms_per_job_by_worker: Record<string, number>;
  /** The workers' CPU ms per portfolio on their main threads and on all their other threads. */
  worker_threads_ms_per_portfolio: { main: number; other: number };
  get_rebalance_ms?: { p50: number; p99: number; max: number; samples: number };
  /** `--profile`: the workers' hottest functions by self time. */
  worker_profile?: ReturnType<typeof hottest>;
  rss_mb?: Record<string, RssSeries>;
  /** The finished document read once with every portfolio (the portal's read). */
  document_read?: { seconds: number; megabytes: number; api_rss_growth_mb: number; api_rss_idle_mb: number };
  /** `--sustained`: seconds of each consecutive run. */
  sustained_seconds?: number[];
  /** `--sustained`: CPU ms per portfolio by process kind in each consecutive run (does any cost grow?). */
  sustained_cpu_ms_per_portfolio?: Array<Record<string, number>>;
}

/** worker-1, worker-2 → worker: CPU per process kind, per portfolio. */
function cpuPerPortfolio(cpuSeconds: Record<string, number>, portfolios: number): Record<string, number> {
  const kinds: Record<string, number> = {};
  for (const [name, seconds] of Object.entries(cpuSeconds)) {
    const kind = name.replace(/-\d+$/, "");
    kinds[kind] = (kinds[kind] ?? 0) + seconds;
  }
  const total = Object.values(kinds).reduce((sum, seconds) => sum + seconds, 0);
  const perPortfolio = (seconds: number) => Math.round((seconds / portfolios) * 1_000_00) / 100;
  return {
    ...Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, perPortfolio(v)])),
    all: perPortfolio(total),
  };
}

/** GET of the whole document, streamed and counted (never held): time to last byte and the API's RSS growth. */
async function readDocument(api: string, rebalanceId: string, apiPid: number | undefined) {
  const rss = apiPid === undefined ? undefined : sampleRss([{ name: "api", pid: apiPid }], 100);
  const started = performance.now();
  const response = await fetch(`${api}/api/v1/rebalance/${rebalanceId}`);
  let bytes = 0;
  for await (const chunk of response.body ?? []) bytes += (chunk as Uint8Array).byteLength;
  const seconds = (performance.now() - started) / 1000;
  const memory = rss?.stop().api;
  return {
    seconds: Math.round(seconds * 100) / 100,
    megabytes: Math.round(bytes / 1e5) / 10,
    api_rss_growth_mb: memory ? Math.round((memory.max - memory.first) * 10) / 10 : 0,
    api_rss_idle_mb: memory?.first ?? 0,
  };
}

interface Dataset {
  securities: Array<{ security_id: string }>;
  portfolios: Array<{ portfolio_id: string }>;
}

async function rebalance(
  api: string,
  portfolioIds: string[],
  securityIds: string[],
  timed: number[],
): Promise<{ id: string; seconds: number; status: string }> {
  const positions = securityIds.map((security_id) => ({
    security_id,
    target: "0.04",
    low_drift: "0.03",
    high_drift: "0.03",
  }));
  const model = (
    await requestJson<{ model_id: string }>("POST", `${api}/api/v1/models`, {
      body: { name: `bench ${Date.now()} ${Math.random()}`, positions, portfolios: portfolioIds },
    })
  ).body;
  const started = Date.now();
  const accepted = (
    await requestJson<{ rebalance_id: string }>("POST", `${api}/api/v1/model/${model.model_id}/rebalance`, {
      headers: { prefer: "respond-async" },
    })
  ).body;
  for (;;) {
    const asked = performance.now();
    const { body } = await requestJson<{ status: string; completed_at: string | null }>(
      "GET",
      `${api}/api/v1/rebalance/${accepted.rebalance_id}/status`,
    );
    timed.push(performance.now() - asked);
    // Same host, same clock: from sending the POST to the finaliser's completed_at.
    if (body.completed_at)
      return {
        id: accepted.rebalance_id,
        seconds: (Date.parse(body.completed_at) - started) / 1000,
        status: body.status,
      };
    await new Promise((resolve) => setTimeout(resolve, pollMs(portfolioIds.length)));
  }
}

async function jobDurations(fleet: Fleet, rebalanceId: string): Promise<number[]> {
  const store = connectStore({ url: fleet.urls.mongodb, database: process.env.MONGODB_DB ?? "order_generation" });
  try {
    const durations: number[] = [];
    const doc = await store.rebalances.document(rebalanceId);
    if (!doc) return durations;
    for await (const { run } of store.rebalances.portfolios(doc))
      if (run?.startedAt && run.finishedAt) durations.push(run.finishedAt.getTime() - run.startedAt.getTime());
    return durations;
  } finally {
    await store.close();
  }
}

/** Set by `run` so its `finally` can find the workers' profiles. */
let fleetPids: Array<{ name: string; pid: number }> = [];
let profiled: ReturnType<typeof hottest> | undefined;

async function run(workers: number, portfolios: number, repeat = 1): Promise<RunResult> {
  const tracker = createFleetTracker();
  const dataDir = mkdtempSync(join(tmpdir(), "ogs-bench-fleet-"));
  const env = {
    LOG_LEVEL: "warn",
    SIMULATOR_SEED: "7",
    SIMULATOR_HOLDINGS: "20",
    ...WORKER_ENV,
    SIMULATOR_PORTFOLIOS: String(portfolios),
    SIMULATOR_SECURITIES: String(SECURITIES),
    // A profile of workers started with other flags too (LAUNCHER_WORKER_NODE_ARGS is kept, --cpu-prof added).
    ...(PROFILE
      ? {
          LAUNCHER_WORKER_NODE_ARGS: [process.env.LAUNCHER_WORKER_NODE_ARGS, `--cpu-prof --cpu-prof-dir=${PROFILE_DIR}`]
            .filter(Boolean)
            .join(" "),
        }
      : {}),
    ...(sink ? { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url } : {}),
  };
  const config = {
    ...loadLauncherConfig({
      ...env,
      PORT: String(await findFreePort()),
      HOST: "127.0.0.1",
      LAUNCHER_DATA_DIR: dataDir,
    }),
    WORKERS: workers,
  };
  try {
    const fleet = await Promise.race([
      startFleet({ settings: config, env, tracker, log: () => undefined, quiet: true }),
      tracker.failure,
    ]);
    fleetPids = [...fleet.processes];
    const api = fleet.urls.api;
    await Promise.all(
      Object.values(fleet.urls.simulators).map((url) =>
        requestJson("PUT", `${url}/_sim/faults`, { body: { latency_ms: LATENCY_MS } }),
      ),
    );
    const dataset = (await requestJson<Dataset>("GET", `${fleet.urls.simulators.accounting}/_sim/dataset`)).body;
    const ids = dataset.portfolios.map((p) => p.portfolio_id);
    const securities = dataset.securities.slice(0, MODEL_SECURITIES).map((s) => s.security_id);
    // Warm-up: solver threads load HiGHS, connections open; the measured run starts from a steady state.
    await Promise.race([rebalance(api, ids.slice(0, WARM_UP_PORTFOLIOS), securities, []), tracker.failure]);
    const scrapeEach = () => Promise.all(fleet.urls.workers.map((url) => scrapeAll([url])));
    const eachBefore = await scrapeEach();
    const before = eachBefore.join("\n");
    const rss = sampleRss(fleet.processes);
    const cpu = cpuDelta(fleet.processes);
    const threads = threadSplitDelta(fleet.processes.filter((p) => p.name.startsWith("worker")).map((p) => p.pid));
    const timed: number[] = [];
    const sustained: number[] = [];
    const sustainedCpu: Array<Record<string, number>> = [];
    let runCpu = cpuDelta(fleet.processes);
    let measured = await Promise.race([rebalance(api, ids, securities, timed), tracker.failure]);
    sustained.push(measured.seconds);
    for (let i = 1; i < repeat; i += 1) {
      sustainedCpu.push(cpuPerPortfolio(runCpu(), portfolios));
      runCpu = cpuDelta(fleet.processes);
      measured = await Promise.race([rebalance(api, ids, securities, []), tracker.failure]);
      sustained.push(measured.seconds);
      console.log(`  run ${i + 1} of ${repeat}: ${measured.seconds} s`);
    }
    if (repeat > 1) sustainedCpu.push(cpuPerPortfolio(runCpu(), portfolios));
    const memory = rss.stop();
    const cpu_seconds = cpu();
    const split = threads();
    const apiPid = fleet.processes.find((p) => p.name === "api")?.pid;
    const document = portfolios > 1_000 ? await readDocument(api, measured.id, apiPid) : undefined;
    const eachAfter = await scrapeEach();
    const after = eachAfter.join("\n");
    const jobsOf = (text: string) => metricSum(text, "ogs_job_duration_seconds_count", 'queue="rebalance-portfolios"');
    const cpu_ms_per_job_by_worker = Object.fromEntries(
      eachAfter.map((text, index) => {
        const name = `worker-${index + 1}`;
        const jobs = jobsOf(text) - jobsOf(eachBefore[index] ?? "");
        return [name, jobs > 0 ? Math.round(((cpu_seconds[name] ?? 0) / jobs) * 100_000) / 100 : 0];
      }),
    );
    const portfolioJobs = 'queue="rebalance-portfolios"';
    const jobSeconds =
      metricSum(after, "ogs_job_duration_seconds_sum", portfolioJobs) -
      metricSum(before, "ogs_job_duration_seconds_sum", portfolioJobs);
    const solveSeconds =
      metricSum(after, "ogs_solver_duration_seconds_sum") - metricSum(before, "ogs_solver_duration_seconds_sum");
    const durations = await jobDurations(fleet, measured.id);
    const external_mean_ms = Object.fromEntries(
      ["accounting", "security", "pricing", "portfolio"].map((service) => {
        const label = `service="${service}"`;
        const sum =
          metricSum(after, "ogs_external_request_duration_seconds_sum", label) -
          metricSum(before, "ogs_external_request_duration_seconds_sum", label);
        const count =
          metricSum(after, "ogs_external_request_duration_seconds_count", label) -
          metricSum(before, "ogs_external_request_duration_seconds_count", label);
        return [service, count > 0 ? Math.round((sum / count) * 10_000) / 10 : 0];
      }),
    );
    return {
      workers,
      portfolios,
      securities: SECURITIES,
      seconds: Math.round(sustained[0]! * 100) / 100,
      portfolios_per_second: Math.round(portfolios / measured.seconds),
      job_p50_ms: Math.round(percentile(durations, 50)),
      job_p99_ms: Math.round(percentile(durations, 99)),
      solve_share: jobSeconds > 0 ? Math.round((solveSeconds / jobSeconds) * 1000) / 1000 : 0,
      status: measured.status,
      external_mean_ms,
      cpu_seconds,
      cpu_ms_per_portfolio: cpuPerPortfolio(cpu_seconds, portfolios * repeat),
      cpu_ms_per_job_by_worker,
      worker_threads_ms_per_portfolio: {
        main: Math.round((split.main / (portfolios * repeat)) * 100_000) / 100,
        other: Math.round((split.other / (portfolios * repeat)) * 100_000) / 100,
      },
      ...(repeat > 1 ? { sustained_seconds: sustained, sustained_cpu_ms_per_portfolio: sustainedCpu } : {}),
      ...(document ? { document_read: document } : {}),
      ...(portfolios > 1_000
        ? {
            get_rebalance_ms: {
              p50: Math.round(percentile(timed, 50)),
              p99: Math.round(percentile(timed, 99)),
              max: Math.round(Math.max(...timed)),
              samples: timed.length,
            },
            rss_mb: memory,
          }
        : {}),
    };
  } finally {
    const workerPids = fleetPids.filter((p) => p.name.startsWith("worker")).map((p) => p.pid);
    await tracker.stop();
    rmSync(dataDir, { recursive: true, force: true });
    // Profiles are written when the processes exit (graceful stop above).
    if (PROFILE && workerPids.length > 0) profiled = hottest(PROFILE_DIR, workerPids);
  }
}

const PORTFOLIOS = Number(process.env.BENCH_PORTFOLIOS ?? 1_000);
/** `BENCH_WORKERS=2`: only the main run with that many worker processes (default: 1, then 2). */
const WORKER_COUNTS = (process.env.BENCH_WORKERS ?? "1,2").split(",").map(Number);
/** `--large-only` runs just the 10,000-portfolio run. */
const LARGE_ONLY = process.argv.includes("--large-only");
const plan: Array<[number, number, number]> = PROFILE
  ? [[2, PORTFOLIOS, 1]]
  : SUSTAINED
    ? [[2, PORTFOLIOS, SUSTAINED_RUNS]]
    : [
        ...(LARGE_ONLY ? [] : WORKER_COUNTS.map((workers): [number, number, number] => [workers, PORTFOLIOS, 1])),
        ...(LARGE || LARGE_ONLY ? ([[2, 10_000, 1]] as Array<[number, number, number]>) : []),
      ];
const runs: RunResult[] = [];
// Set explicitly, as an operator of this I/O-bound job mix would (the worker's own default is one job per CPU core).
console.log(
  `worker settings: WORKER_CONCURRENCY ${WORKER_ENV.WORKER_CONCURRENCY} per process, SOLVER_THREADS ${WORKER_ENV.SOLVER_THREADS}, PRICE_CONCURRENCY ${WORKER_ENV.PRICE_CONCURRENCY}`,
);
for (const [workers, portfolios, repeat] of plan) {
  console.log(
    `running ${repeat > 1 ? `${repeat} × ` : ""}${portfolios} portfolios × ${SECURITIES} securities with ${workers} worker process(es)…`,
  );
  const result = await run(workers, portfolios, repeat);
  if (profiled) result.worker_profile = profiled;
  runs.push(result);
  console.log(
    `  ${result.status} in ${result.seconds} s (${result.portfolios_per_second} portfolios/s); job p50 ${result.job_p50_ms} ms, p99 ${result.job_p99_ms} ms; solving ${(result.solve_share * 100).toFixed(1)} % of job time`,
  );
  console.log(
    `  CPU seconds: ${Object.entries(result.cpu_seconds)
      .map(([name, seconds]) => `${name} ${seconds}`)
      .join(", ")}`,
  );
  console.log(
    `  CPU ms per portfolio: ${Object.entries(result.cpu_ms_per_portfolio)
      .map(([kind, ms]) => `${kind} ${ms}`)
      .join(
        ", ",
      )}; the workers' main threads ${result.worker_threads_ms_per_portfolio.main}, other threads ${result.worker_threads_ms_per_portfolio.other}`,
  );
  console.log(
    `  CPU ms per portfolio job by worker: ${Object.entries(result.cpu_ms_per_job_by_worker)
      .map(([name, ms]) => `${name} ${ms}`)
      .join(", ")}`,
  );
  if (result.worker_profile) {
    console.log(`  workers' hottest functions by self time (of ${result.worker_profile.totalMs} ms profiled):`);
    for (const f of result.worker_profile.functions)
      console.log(`    ${String(f.selfShare).padStart(5)} %  ${String(f.selfMs).padStart(6)} ms  ${f.name}`);
  }
  if (result.sustained_seconds) {
    const [first, ...rest] = result.sustained_seconds;
    const last = rest.at(-1) ?? first!;
    console.log(
      `  sustained: ${result.sustained_seconds.join(" s, ")} s; last/first ${(last / first!).toFixed(2)} (target ≤ 1.3)`,
    );
    const byRun = result.sustained_cpu_ms_per_portfolio ?? [];
    console.log(
      `  sustained CPU ms per portfolio, run by run: ${byRun.map((cpu) => `${cpu.all} (mongodb ${cpu.mongodb})`).join(", ")}`,
    );
  }
  if (result.document_read)
    console.log(
      `  whole document read: ${result.document_read.megabytes} MB in ${result.document_read.seconds} s; API RSS +${result.document_read.api_rss_growth_mb} MB over ${result.document_read.api_rss_idle_mb} MB (target < 64 MB)`,
    );
  console.log(
    `  mean outbound call: ${Object.entries(result.external_mean_ms)
      .map(([s, ms]) => `${s} ${ms} ms`)
      .join(", ")}`,
  );
  if (result.get_rebalance_ms)
    console.log(
      `  GET /rebalance/{id}/status during the run: p50 ${result.get_rebalance_ms.p50} ms, p99 ${result.get_rebalance_ms.p99} ms, max ${result.get_rebalance_ms.max} ms`,
    );
  if (result.rss_mb)
    for (const [name, s] of Object.entries(result.rss_mb))
      console.log(`  RSS ${name.padEnd(11)} first ${s.first} MB, max ${s.max} MB, last ${s.last} MB`);
}
const two = runs.find((r) => r.workers === 2 && r.portfolios === 1_000);
const summary = {
  measured_at: new Date().toISOString(),
  note: "measured on a shared 2-core machine while other work was running; numbers are noisy",
  cpus: cpus().length,
  latency_ms_added: LATENCY_MS,
  worker_env: {
    WORKER_CONCURRENCY: WORKER_ENV.WORKER_CONCURRENCY,
    SOLVER_THREADS: WORKER_ENV.SOLVER_THREADS,
    PRICE_CONCURRENCY: WORKER_ENV.PRICE_CONCURRENCY,
  },
  target: { portfolios: 1_000, workers: 2, seconds: 10, met: two ? two.seconds <= 10 : null },
  telemetry: sink ? { exported_to_local_sink: sink.stats() } : "off",
  runs,
};
await mkdir("bench-results", { recursive: true });
const output = PROFILE
  ? "bench-results/fleet-profile.json"
  : OTLP
    ? "bench-results/fleet-otlp.json"
    : SUSTAINED
      ? "bench-results/fleet-sustained.json"
      : LARGE_ONLY
        ? "bench-results/fleet-large.json"
        : "bench-results/fleet.json";
await writeFile(output, `${JSON.stringify(summary, null, 2)}\n`);
console.log(
  `wrote ${output}; target (1,000 portfolios ≤ 10 s with 2 workers) ${summary.target.met === null ? "not measured" : summary.target.met ? "met" : "NOT met"}`,
);
process.exit(0);
