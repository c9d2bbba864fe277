// Bounded waits (SPEC §7): with MongoDB hung — connections open, nothing answered — every request that needs
// it answers 503 within MONGODB_TIMEOUT_MS (+ 1 s), instead of waiting for TCP to give up; it recovers when
// the store does.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { startStallProxy, type StallProxy } from "@ogs/test-support";
import { startApi, type ApiHandle } from "./support/api-process.js";
import { createModel, expectProblem } from "./support/fixtures.js";

const TIMEOUT_MS = 1_500;
let proxy: StallProxy;
let api: ApiHandle;

beforeAll(async () => {
  const mongo = new URL(inject("mongoUrl"));
  proxy = await startStallProxy({ host: mongo.hostname, port: Number(mongo.port) });
  api = await startApi("stalled_store", {
    MONGODB_URL: `mongodb://${proxy.address}/?directConnection=true`,
    MONGODB_TIMEOUT_MS: String(TIMEOUT_MS),
  });
});
afterAll(async () => {
  await api?.stop();
  await proxy?.close();
});

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

describe("a hung MongoDB", () => {
  it("answers 503 within MONGODB_TIMEOUT_MS + 1 s on reads, writes and readiness, then recovers", async () => {
    const model = await createModel(api);
    proxy.stall();
    try {
      for (const request of [
        () => api.request("GET", `/api/v1/model/${model.model_id}`),
        () => api.request("GET", "/api/v1/models"),
        () =>
          api.request("POST", "/api/v1/models", {
            body: { name: `hung ${Date.now()}`, positions: [], portfolios: [] },
          }),
        () => api.request("GET", "/api/v1/rebalances?summary=true"),
      ]) {
        const { value, ms } = await timed(request);
        expectProblem(value, 503);
        expect(ms).toBeLessThan(TIMEOUT_MS + 1_000);
      }
      const ready = await timed(() => api.request("GET", "/health/ready"));
      expect(ready.value.status).toBe(503);
      expect(ready.ms).toBeLessThan(TIMEOUT_MS + 1_000);
    } finally {
      proxy.resume();
    }
    let recovered = 0;
    for (let deadline = Date.now() + 15_000; Date.now() < deadline;) {
      recovered = (await api.request("GET", `/api/v1/model/${model.model_id}`)).status;
      if (recovered === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(recovered).toBe(200);
  });
});
