// The worker's own HTTP server (SPEC §7): /health/live, /health/ready (MongoDB, Redis and the BullMQ
// workers), /health/health (detail per dependency) and /metrics (Prometheus text format), each request counted
// in the GlobeCo suite's standard HTTP metrics.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startHttpRequest, UNMATCHED_PATH, type HttpMetrics, type Metrics } from "@ogs/observability";

export type ReadinessCheck = () => Promise<void>;

export interface OpsServerDeps {
  registry: Metrics["registry"];
  /** Where requests to this server are counted (the process' catalogue). */
  httpMetrics: HttpMetrics;
  /** Each check throws when its dependency is not usable; all must pass for readiness. */
  checks: Record<string, ReadinessCheck>;
  /** Bounds every check so a hung dependency answers 503 instead of hanging the probe. @defaultValue 2000 */
  checkTimeoutMs?: number;
}

type CheckResult = { status: "up" } | { status: "down"; error: string };

async function runChecks(checks: Record<string, ReadinessCheck>, timeoutMs: number) {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<readonly [string, CheckResult]> => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          check(),
          new Promise<never>(
            (_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)),
          ),
        ]);
        return [name, { status: "up" }] as const;
      } catch (error) {
        return [name, { status: "down", error: error instanceof Error ? error.message : String(error) }] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const details = Object.fromEntries(entries);
  return { ready: entries.every(([, d]) => d.status === "up"), details };
}

/** The paths this server answers: the only values of the metrics' `path` label besides "unmatched". */
const PATHS = new Set(["/health/live", "/health/ready", "/health/health", "/metrics"]);

export function createOpsServer({ registry, httpMetrics, checks, checkTimeoutMs = 2_000 }: OpsServerDeps): Server {
  return createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    const finish = startHttpRequest(httpMetrics, request.method);
    response.once("close", () => finish(PATHS.has(path) ? path : UNMATCHED_PATH, response.statusCode));
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    void (async () => {
      if (request.method !== "GET") return send(405, { status: "method not allowed" });
      if (path === "/health/live") return send(200, { status: "up" });
      if (path === "/health/ready" || path === "/health/health") {
        const { ready, details } = await runChecks(checks, checkTimeoutMs);
        return send(
          ready ? 200 : 503,
          path === "/health/ready"
            ? { status: ready ? "up" : "down" }
            : { status: ready ? "up" : "down", dependencies: details },
        );
      }
      if (path === "/metrics") {
        const text = await registry.metrics();
        response.writeHead(200, { "content-type": registry.contentType }).end(text);
        return;
      }
      return send(404, { status: "not found" });
    })().catch((error: unknown) =>
      send(500, { status: "error", error: error instanceof Error ? error.message : String(error) }),
    );
  });
}

/** Listens and resolves with the URL (port 0 = a free port). */
export function listen(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const address = server.address() as AddressInfo;
      const shownHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
      resolve(`http://${shownHost}:${address.port}`);
    });
  });
}
