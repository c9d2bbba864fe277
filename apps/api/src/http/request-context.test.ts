import { captureLogs } from "@ogs/test-support";
import express from "express";
import type { AddressInfo } from "node:net";
import { createServer, request, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestContext, requestIdOf } from "./request-context.js";

let lines: Array<Record<string, unknown>> = [];
let server: Server;
let base: string;
let abortedSeen: () => void;
const aborted = new Promise<void>((resolve) => (abortedSeen = resolve));

beforeAll(async () => {
  const { lines: logged, logger } = captureLogs();
  lines = logged;
  const app = express();
  app.use(requestContext(logger));
  app.get("/ok", (req, res) => void res.json({ id: requestIdOf(req) }));
  app.get("/boom", (_req, res) => void res.status(503).end());
  app.get("/health/live", (_req, res) => void res.end());
  app.get("/hang", (_req, res) => void res.once("close", () => setImmediate(abortedSeen)));
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const lineOf = (id: string) => lines.find((line) => line.request_id === id);

describe("requestContext", () => {
  it("keeps a sane x-request-id, echoes it and logs one line when the answer is sent", async () => {
    const response = await fetch(`${base}/ok?x=1`, { headers: { "x-request-id": "abc-123" } });
    expect(response.headers.get("x-request-id")).toBe("abc-123");
    expect(await response.json()).toEqual({ id: "abc-123" });
    await expect.poll(() => lineOf("abc-123")).toBeDefined();
    expect(lineOf("abc-123")).toMatchObject({
      level: "info",
      msg: "request completed",
      req: { method: "GET", url: "/ok?x=1", remote_address: "127.0.0.1" },
      res: { status_code: 200 },
    });
    expect(lineOf("abc-123")?.response_time_ms).toBeTypeOf("number");
  });

  it("mints a UUID for a missing or unsafe id", async () => {
    const response = await fetch(`${base}/ok`, { headers: { "x-request-id": "bad id with spaces" } });
    const id = response.headers.get("x-request-id") ?? "";
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(await response.json()).toEqual({ id });
  });

  it("logs a 5xx at error level", async () => {
    await fetch(`${base}/boom`, { headers: { "x-request-id": "boom-1" } });
    await expect.poll(() => lineOf("boom-1")).toMatchObject({ level: "error", res: { status_code: 503 } });
  });

  it("logs a request the client gave up on, without a status", async () => {
    const req = request(`${base}/hang`, { headers: { "x-request-id": "gone-1" } });
    req.on("error", () => undefined);
    req.end();
    setTimeout(() => req.destroy(), 50);
    await aborted;
    await expect
      .poll(() => lineOf("gone-1"))
      .toMatchObject({
        level: "info",
        msg: "request closed before the answer was sent",
        res: { aborted: true },
      });
  });

  it("does not log probes", async () => {
    await fetch(`${base}/health/live`, { headers: { "x-request-id": "probe-1" } });
    await fetch(`${base}/ok`, { headers: { "x-request-id": "after-probe" } });
    await expect.poll(() => lineOf("after-probe")).toBeDefined();
    expect(lineOf("probe-1")).toBeUndefined();
  });
});
