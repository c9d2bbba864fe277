// Bounded shutdown (SPEC §5.4): with MongoDB, Redis and the OpenTelemetry collector hung — connections open,
// nothing answered — and a client holding a half-sent request on the ops port, a worker told to stop still exits
// within SHUTDOWN_GRACE_MS + SHUTDOWN_CLOSE_BOUND_MS, the bound the compose stop_grace_period and the Kubernetes
// terminationGracePeriodSeconds are sized on, and it names the close steps that overran.
import { createServer, connect, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestContext, startStallProxy, startWorker, type StallProxy } from "@ogs/test-support";
import { SHUTDOWN_CLOSE_BOUND_MS } from "../src/ops/shutdown-budget.js";

const GRACE_MS = 1_000;
const ctx = createTestContext("worker_shutdown");
// Never called: the worker takes no job here.
const NOWHERE = "http://127.0.0.1:9";
let redis: StallProxy;
let mongo: StallProxy;
/** An OTLP endpoint that accepts connections and never answers. */
let collector: Server;
const held = new Set<Socket>();

beforeAll(async () => {
  const redisUrl = new URL(inject("redisUrl"));
  const mongoUrl = new URL(inject("mongoUrl"));
  redis = await startStallProxy({ host: redisUrl.hostname, port: Number(redisUrl.port) });
  mongo = await startStallProxy({ host: mongoUrl.hostname, port: Number(mongoUrl.port) });
  collector = createServer((socket) => held.add(socket.on("error", () => undefined)));
  await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  for (const socket of held) socket.destroy();
  await new Promise((resolve) => collector?.close(resolve));
  await redis?.close();
  await mongo?.close();
});

async function waitReady(url: string): Promise<void> {
  for (let deadline = Date.now() + 20_000; Date.now() < deadline;) {
    if ((await fetch(`${url}/health/ready`).catch(() => undefined))?.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} is not ready after 20 s`);
}

/** A client that sends half a request and waits: the ops server cannot close while it is connected. */
async function holdHalfRequest(url: string): Promise<void> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  held.add(socket.on("error", () => undefined));
  await new Promise((resolve) => socket.once("connect", resolve));
  socket.write(`GET /metrics HTTP/1.1\r\nHost: ${hostname}\r\n`);
}

describe("worker shutdown", () => {
  it("exits within SHUTDOWN_GRACE_MS + the close bound when its dependencies never answer", async () => {
    const { port } = collector.address() as AddressInfo;
    const worker = await startWorker(
      {
        ...ctx,
        redisUrl: `redis://${redis.address}`,
        mongoUrl: `mongodb://${mongo.address}/?directConnection=true`,
        simulators: { accounting: NOWHERE, security: NOWHERE, pricing: NOWHERE, portfolio: NOWHERE, order: NOWHERE },
      },
      { SHUTDOWN_GRACE_MS: String(GRACE_MS), OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` },
    );
    const bound = GRACE_MS + SHUTDOWN_CLOSE_BOUND_MS;
    try {
      await waitReady(worker.url);
      redis.stall();
      mongo.stall();
      await holdHalfRequest(worker.url);
      // Let the queue sampler and the workers' blocking reads send commands that never return.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const started = performance.now();
      worker.child.process.kill("SIGTERM");
      // Far beyond the bound, so a shutdown that overruns it is measured rather than cut short.
      const exit = await Promise.race([
        worker.child.exited,
        new Promise<"still running">((resolve) => setTimeout(() => resolve("still running"), bound + 60_000)),
      ]);
      const elapsed = performance.now() - started;
      expect(exit, worker.output().slice(-3_000)).toBe(0);
      expect(elapsed, `exited ${Math.round(elapsed)} ms after SIGTERM`).toBeLessThan(bound);
      // The steps that hang for sure are named, not waited for one after another (MongoDB's close hangs only when
      // the driver has sessions to end, which depends on timing).
      for (const step of ["ops server", "telemetry"])
        expect(worker.output()).toMatch(new RegExp(`"step":"${step}"[^\\n]*did not finish`));
    } finally {
      redis.resume();
      mongo.resume();
      await worker.child.stop(1_000);
    }
  }, 120_000);
});
