// `npm run bench:api`: the built API against the embedded MongoDB-compatible
// server holding 1,000 models, loaded with autocannon. Prints throughput and p50/p99 for
// GET /api/v1/model/{id}, GET /api/v1/models?limit=100 and POST /api/v1/models; target for
// GET /model/{id}: >= 1,000 req/s with p99 < 25 ms. Writes bench-results/api.json.
// `--otlp`: the API exports its spans and metrics to a local OTLP/HTTP sink (bench/otlp-sink.ts), to measure
// what tracing costs (README "Traces"); writes bench-results/api-otlp.json.
// `--profile`: the API runs with `--cpu-prof`; its profile lands in bench-results/profiles/api/ when it stops.
// `BENCH_API_NODE_ARGS="--trace-gc"` (or any Node flags, space-separated): passed to the API process, whose
// standard output is then shown (GC traces; the request log at LOG_LEVEL=info).
import { mkdir, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { cpuDelta } from "./fleet-probes.js";
import {
  findFreePort,
  spawnChild,
  startEmbeddedMongo,
  startEmbeddedRedis,
} from "../apps/launcher/src/embedded/index.js";
import { startOtlpSink } from "./otlp-sink.js";

const MODELS = Number(process.env.BENCH_MODELS ?? 1_000);
const POSITIONS = Number(process.env.BENCH_POSITIONS ?? 20);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const API_MAIN = fileURLToPath(new URL("../apps/api/dist/main.js", import.meta.url));

const pad = (prefix: string, n: number) => `${prefix}${String(n).padStart(24 - prefix.length, "0")}`;
const modelBody = (name: string) => ({
  name,
  positions: Array.from({ length: POSITIONS }, (_, i) => ({
    security_id: pad("SEC", i),
    target: "0.04",
    high_drift: "0.02",
    low_drift: "0.01",
  })),
  portfolios: [pad("PF", 1), pad("PF", 2)],
});

async function waitUntilReady(base: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the API did not become ready");
}

async function seed(base: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < MODELS; i += 20) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(20, MODELS - i) }, async (_, j) => {
        const response = await fetch(`${base}/api/v1/models`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(modelBody(`seed ${i + j}`)),
        });
        if (response.status !== 201) throw new Error(`seeding failed: ${response.status} ${await response.text()}`);
        return ((await response.json()) as { model_id: string }).model_id;
      }),
    );
    ids.push(...batch);
  }
  return ids;
}

type Scenario = { name: string; method: "GET" | "POST"; path: (n: number) => string; body?: (n: number) => string };

async function run(base: string, scenario: Scenario, apiPid: number | undefined) {
  let counter = 0;
  // CPU the API spent per request: steadier than throughput on a shared machine (what tracing costs, README).
  const cpu = cpuDelta(apiPid === undefined ? [] : [{ name: "api", pid: apiPid }]);
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: [
      {
        method: scenario.method,
        setupRequest: (request) => {
          const n = counter++;
          return {
            ...request,
            path: scenario.path(n),
            ...(scenario.body ? { body: scenario.body(n), headers: { "content-type": "application/json" } } : {}),
          };
        },
      },
    ],
  });
  const apiCpuSeconds = cpu().api ?? 0;
  return {
    endpoint: scenario.name,
    requests_total: result.requests.total,
    api_cpu_ms_per_request: Math.round((apiCpuSeconds * 1000 * 1000) / Math.max(1, result.requests.total)) / 1000,
    requests_per_sec_avg: Math.round(result.requests.average),
    latency_ms: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    non_2xx: result.non2xx,
    errors: result.errors,
  };
}

const OTLP = process.argv.includes("--otlp");
const PROFILE_DIR = fileURLToPath(new URL("../bench-results/profiles/api", import.meta.url));
const PROFILE = process.argv.includes("--profile");
const sink = OTLP ? await startOtlpSink() : undefined;
const mongo = await startEmbeddedMongo();
// The API also connects to Redis (queues, readiness) once rebalancing is wired in.
const redis = await startEmbeddedRedis();
const port = await findFreePort();
const extraNodeArgs = (process.env.BENCH_API_NODE_ARGS ?? "").split(" ").filter(Boolean);
const nodeArgs = [...(PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`] : []), ...extraNodeArgs];
const api = spawnChild("api", process.execPath, [...nodeArgs, API_MAIN], {
  env: {
    PATH: process.env.PATH,
    PORT: String(port),
    HOST: "127.0.0.1",
    MONGODB_URL: mongo.url,
    MONGODB_DB: "bench",
    REDIS_URL: redis.url,
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    ...(sink ? { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url } : {}),
  },
  stdio: ["ignore", extraNodeArgs.length > 0 ? "inherit" : "ignore", "inherit"],
});
const base = `http://127.0.0.1:${port}`;
try {
  await waitUntilReady(base);
  const seedStarted = performance.now();
  const ids = await seed(base);
  const seedMs = Math.round(performance.now() - seedStarted);
  const runId = Date.now().toString(36);
  const scenarios: Scenario[] = [
    { name: "GET /api/v1/model/{id}", method: "GET", path: (n) => `/api/v1/model/${ids[n % ids.length]}` },
    {
      name: "GET /api/v1/models?limit=100",
      method: "GET",
      path: (n) => `/api/v1/models?limit=100&offset=${(n * 100) % MODELS}`,
    },
    {
      name: "POST /api/v1/models",
      method: "POST",
      path: () => "/api/v1/models",
      body: (n) => JSON.stringify(modelBody(`bench ${runId} ${n}`)),
    },
  ];
  const results = [];
  const only = process.env.BENCH_ONLY; // e.g. "GET /api/v1/model/" runs just the endpoints whose name contains it
  for (const scenario of scenarios.filter((s) => !only || s.name.includes(only)))
    results.push(await run(base, scenario, api.process.pid));
  // The target is GET /model/{id}'s; a BENCH_ONLY run without it reports the target as not measured.
  const byId = results.find((r) => r.endpoint === scenarios[0]!.name);
  const summary = {
    measured_at: new Date().toISOString(),
    note: "measured on a shared 2-core machine while other work was running; numbers are noisy",
    cpus: cpus().length,
    models: MODELS,
    positions_per_model: POSITIONS,
    seed_ms: seedMs,
    connections: CONNECTIONS,
    duration_s: DURATION_S,
    api_log_level: process.env.LOG_LEVEL ?? "warn",
    telemetry: sink ? { exported_to_local_sink: sink.stats() } : "off",
    results,
    target: {
      endpoint: scenarios[0]!.name,
      requests_per_sec_min: 1_000,
      p99_ms_max: 25,
      met: byId ? byId.requests_per_sec_avg >= 1_000 && byId.latency_ms.p99 < 25 : null,
    },
  };
  console.log(
    `\nAPI benchmark: ${MODELS} models x ${POSITIONS} positions, ${CONNECTIONS} connections, ${DURATION_S} s per endpoint (seeded in ${seedMs} ms)\n`,
  );
  console.table(
    results.map((r) => ({
      endpoint: r.endpoint,
      "req/s": r.requests_per_sec_avg,
      "p50 ms": r.latency_ms.p50,
      "p99 ms": r.latency_ms.p99,
      "api CPU ms/req": r.api_cpu_ms_per_request,
      "non-2xx": r.non_2xx,
      errors: r.errors,
    })),
  );
  const verdict = summary.target.met === null ? "not measured (BENCH_ONLY)" : summary.target.met ? "met" : "NOT met";
  console.log(`target GET /model/{id} >= 1000 req/s and p99 < 25 ms: ${verdict}`);
  await mkdir("bench-results", { recursive: true });
  const output = OTLP ? "bench-results/api-otlp.json" : "bench-results/api.json";
  await writeFile(output, `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`wrote ${output}`);
} finally {
  await api.stop();
  await Promise.all([mongo.stop(), redis.stop(), sink?.close()]);
}
