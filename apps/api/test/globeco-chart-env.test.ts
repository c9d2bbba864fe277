// The swap's start-up half (SPEC §1, drop-in): the built api and worker start with the GlobeCo chart's
// environment as written and become ready; a pair of names for one setting with two values stops them.
// The chart's database is `prod`, so this file runs its own MongoDB-compatible server: no other test
// file can see or touch that database.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { connectStore } from "@ogs/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  findFreePort,
  spawnChild,
  startEmbeddedMongo,
  waitForOutput,
  type EmbeddedMongo,
  type ManagedChild,
  createTestContext,
  chartEnvironment,
} from "@ogs/test-support";

const API_MAIN = fileURLToPath(new URL("../dist/main.js", import.meta.url));
const WORKER_MAIN = fileURLToPath(new URL("../../worker/dist/main.js", import.meta.url));
const ctx = createTestContext("globeco_chart_env");

let mongo: EmbeddedMongo;
const children: ManagedChild[] = [];

/**
 * The chart's variables untouched except MONGODB_URL, pointed at this test's server. Added, because
 * the chart does not set them: REDIS_URL (the chart's original falls back to its own default; our
 * overlay sets it), free ports instead of 8088/9464 on a shared machine, and a queue prefix of its own.
 */
async function chartEnvFor(app: "api" | "worker"): Promise<Record<string, string>> {
  const chart = chartEnvironment();
  expect(chart.MONGODB_URL).toBe("mongodb://globeco-order-generation-service-mongodb");
  return {
    PATH: process.env.PATH ?? "",
    ...chart,
    MONGODB_URL: mongo.url,
    REDIS_URL: ctx.redisUrl,
    QUEUE_PREFIX: ctx.queuePrefix,
    ...(app === "api" ? { PORT: String(await findFreePort()) } : { WORKER_METRICS_PORT: "0" }),
  };
}

function start(app: "api" | "worker", env: Record<string, string>): { child: ManagedChild; output: () => string } {
  const child = spawnChild(app, process.execPath, [app === "api" ? API_MAIN : WORKER_MAIN], { env });
  children.push(child);
  let output = "";
  child.process.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.process.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function waitUntilReady(url: string, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/health/ready`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not become ready within 30 s:\n${output()}`);
}

async function exitOf(child: ManagedChild): Promise<number | null> {
  const process = child.process;
  if (process.exitCode !== null) return process.exitCode;
  return new Promise((resolve) => process.once("exit", (code) => resolve(code)));
}

/** pino's JSON lines of a process, parsed. */
const logLines = (output: string) =>
  output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { level: string; msg: string });

beforeAll(async () => {
  if (!existsSync(API_MAIN) || !existsSync(WORKER_MAIN)) throw new Error("build first: npm run build (npm test does)");
  mongo = await startEmbeddedMongo();
});

afterAll(async () => {
  await Promise.all(children.map((child) => child.stop()));
  await mongo?.stop();
});

describe("the GlobeCo chart's environment", () => {
  it("starts the api: ready, logging at INFO, storing in the database DATABASE_NAME names", async () => {
    const env = await chartEnvFor("api");
    const api = start("api", env);
    const base = `http://127.0.0.1:${env.PORT}`;
    await waitUntilReady(base, api.output);

    const created = await fetch(`${base}/api/v1/models`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Chart swap", positions: [], portfolios: [] }),
    });
    expect(created.status).toBe(201);
    const { model_id } = (await created.json()) as { model_id: string };
    const prod = connectStore({ url: mongo.url, database: "prod" });
    try {
      expect((await prod.models.get(model_id)).name).toBe("Chart swap");
    } finally {
      await prod.close();
    }
    // LOG_LEVEL=INFO is pino's info: info lines appear, debug and trace lines do not.
    const levels = logLines(api.output()).map((line) => line.level);
    expect(levels).toContain("info");
    expect(levels.filter((level) => level === "debug" || level === "trace")).toEqual([]);
  });

  it("starts the worker: ready on its ops port, logging at INFO", async () => {
    const worker = start("worker", await chartEnvFor("worker"));
    const match = await waitForOutput(worker.child.process, /worker listening on (http:\/\/[^\s"]+)/, 30_000, "worker");
    await waitUntilReady(match[1]!.replace("0.0.0.0", "127.0.0.1"), worker.output);
    expect(
      logLines(worker.output()).some((line) => line.level === "info" && line.msg.startsWith("worker listening")),
    ).toBe(true);
  });

  it("stops the api at start-up when MONGODB_DB disagrees with the chart's DATABASE_NAME, naming both", async () => {
    const api = start("api", { ...(await chartEnvFor("api")), MONGODB_DB: "order_generation" });
    expect(await exitOf(api.child)).toBe(1);
    expect(api.output()).toMatch(/MONGODB_DB and DATABASE_NAME .* \("order_generation" and "prod"\)/);
  });

  it("stops the worker at start-up when OTEL_EXPORTER_OTLP_ENDPOINT disagrees with the chart's collector, naming both", async () => {
    const worker = start("worker", {
      ...(await chartEnvFor("worker")),
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://otel-collector.monitoring:4318",
    });
    expect(await exitOf(worker.child)).toBe(1);
    expect(worker.output()).toMatch(/OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_COLLECTOR_HTTP_ENDPOINT/);
    expect(worker.output()).not.toMatch(/worker listening/);
  });
});
