// `npm run bench:simulators`: start the built simulators with a generated
// dataset of 10,000 portfolios × 2,000 securities, time the start, then load the Portfolio Accounting
// summary endpoint with autocannon. Targets: start < 10 s, ≥ 2,000 req/s. Writes bench-results/simulators.json.
import { mkdir, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import autocannon from "autocannon";
import { startSimulators } from "../packages/test-support/src/simulators.js";

const PORTFOLIOS = Number(process.env.BENCH_PORTFOLIOS ?? 10_000);
const SECURITIES = Number(process.env.BENCH_SECURITIES ?? 2_000);
const HOLDINGS = Number(process.env.BENCH_HOLDINGS ?? 20);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

const started = performance.now();
const sim = await startSimulators({
  portfolios: PORTFOLIOS,
  securities: SECURITIES,
  holdingsPerPortfolio: HOLDINGS,
  seed: 7,
});
const startMs = performance.now() - started;
try {
  const ids = (await sim.dataset()).portfolios.map((p) => p.portfolio_id);
  let next = 0;
  const result = await autocannon({
    url: sim.urls.accounting,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: [
      {
        method: "GET",
        setupRequest: (request) => ({ ...request, path: `/api/v1/portfolios/${ids[next++ % ids.length]}/summary` }),
      },
    ],
  });
  const summary = {
    measured_at: new Date().toISOString(),
    note: "measured on a shared machine while other work was running; numbers are noisy",
    cpus: cpus().length,
    dataset: { portfolios: PORTFOLIOS, securities: SECURITIES, holdings_per_portfolio: HOLDINGS },
    start_ms: Math.round(startMs),
    start_target_ms: 10_000,
    endpoint: "GET /api/v1/portfolios/{portfolioId}/summary",
    connections: CONNECTIONS,
    duration_s: DURATION_S,
    requests_total: result.requests.total,
    requests_per_sec_avg: Math.round(result.requests.average),
    requests_per_sec_target: 2_000,
    latency_ms: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    non_2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
  const pass =
    summary.start_ms < 10_000 && summary.requests_per_sec_avg >= 2_000 && summary.non_2xx === 0 && summary.errors === 0;
  console.table({
    "start (ms)": { value: summary.start_ms, target: "< 10000" },
    "summary req/s (avg)": { value: summary.requests_per_sec_avg, target: ">= 2000" },
    "latency p50 (ms)": { value: summary.latency_ms.p50, target: "" },
    "latency p99 (ms)": { value: summary.latency_ms.p99, target: "" },
    "non-2xx / errors": { value: `${summary.non_2xx} / ${summary.errors}`, target: "0 / 0" },
  });
  await mkdir("bench-results", { recursive: true });
  await writeFile("bench-results/simulators.json", `${JSON.stringify({ ...summary, pass }, null, 2)}\n`);
  console.log(`${pass ? "PASS" : "FAIL"} — written to bench-results/simulators.json`);
  process.exitCode = pass ? 0 : 1;
} finally {
  await sim.stop();
}
