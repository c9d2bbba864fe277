// One HTTP listener per simulated service: the admin endpoints under /_sim/, then fault injection,
// then the service's own routes. `down` destroys the socket of every service request while /_sim/
// keeps answering on the same port, so a test can bring the service back. Like every GlobeCo
// service, each one serves the suite's standard HTTP metrics at /metrics (never counted as a service request).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import {
  createHttpMetricsRegistry,
  NO_RESPONSE_STATUS,
  startHttpRequest,
  traceIncomingRequest,
  tracingEnabled,
  UNMATCHED_PATH,
} from "@ogs/observability";
import { parseFaults, type Faults } from "./faults.js";
import { BodyError, readJson, send, type Reply } from "./reply.js";
import type { SimulatedService } from "./service.js";

export interface ServiceServer {
  readonly url: string;
  faults(): Faults;
  stop(): Promise<void>;
}

export interface ServiceServerOptions {
  service: SimulatedService;
  host: string;
  port: number;
  /** The whole dataset as JSON, for GET /_sim/dataset. */
  datasetJson: () => string;
}

const ADMIN_PATHS = new Set(["/_sim/faults", "/_sim/dataset", "/_sim/requests"]);

interface RequestCounts {
  total: number;
  by_path: Map<string, number>;
}

export async function startServiceServer(options: ServiceServerOptions): Promise<ServiceServer> {
  const { service } = options;
  let faults: Faults = {};
  const counts: RequestCounts = { total: 0, by_path: new Map() };
  const http = createHttpMetricsRegistry({ app: "simulators", service: service.name });
  /** The `path` label: a route's template, a fixed admin path, or "unmatched" — never a raw id. */
  const pathLabel = (path: string) =>
    path === "/metrics" || ADMIN_PATHS.has(path)
      ? path
      : (service.routes.find((route) => route.pattern.test(path))?.path ?? UNMATCHED_PATH);

  const admin = async (req: IncomingMessage, path: string): Promise<Reply> => {
    if (path === "/_sim/faults" && req.method === "GET") return { status: 200, body: faults };
    if (path === "/_sim/faults" && req.method === "PUT") {
      const parsed = parseFaults(await readJson(req));
      if ("problems" in parsed) return { status: 400, body: { error: "invalid faults", problems: parsed.problems } };
      faults = parsed.faults;
      return { status: 200, body: faults };
    }
    if (path === "/_sim/dataset" && req.method === "GET") return { status: 200, json: options.datasetJson() };
    if (path === "/_sim/requests" && req.method === "GET") {
      return { status: 200, body: { total: counts.total, by_path: Object.fromEntries(counts.by_path) } };
    }
    if (path === "/_sim/requests" && req.method === "DELETE") {
      counts.total = 0;
      counts.by_path.clear();
      return { status: 204 };
    }
    return { status: 404, body: { error: `no admin endpoint ${req.method} ${path}` } };
  };

  const serve = async (req: IncomingMessage, path: string, query: URLSearchParams): Promise<Reply | undefined> => {
    counts.total += 1;
    counts.by_path.set(path, (counts.by_path.get(path) ?? 0) + 1);
    const current = faults;
    if (current.down) {
      req.socket.destroy();
      return undefined;
    }
    if (current.hang) return undefined; // never answered; stop() closes the connection
    if (current.latency_ms) await sleep(current.latency_ms);
    if (current.error_rate !== undefined && Math.random() < current.error_rate) {
      return service.errorReply(current.status ?? 503, path, "Injected fault");
    }
    let methodMismatch = false;
    for (const route of service.routes) {
      const match = route.pattern.exec(path);
      if (!match) continue;
      if (route.method !== req.method) {
        methodMismatch = true;
        continue;
      }
      const params = match.slice(1).map((p) => decodeURIComponent(p));
      return route.handle({ params, path, query, req });
    }
    return service.errorReply(methodMismatch ? 405 : 404, path);
  };

  const tracing = tracingEnabled();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://simulator");
    const path = url.pathname;
    // A service request continues the caller's trace (the worker sends `traceparent`); admin calls and scrapes are not traced.
    if (tracing && path !== "/metrics" && !path.startsWith("/_sim/"))
      traceIncomingRequest(
        req,
        res,
        () => pathLabel(path),
        () => handle(req, res, url, path),
      );
    else handle(req, res, url, path);
  });

  function handle(req: IncomingMessage, res: ServerResponse, url: URL, path: string): void {
    const finish = startHttpRequest(http, req.method);
    res.once("close", () => finish(pathLabel(path), res.headersSent ? res.statusCode : NO_RESPONSE_STATUS));
    const work =
      path === "/metrics" && req.method === "GET"
        ? http.registry.metrics().then((text): Reply => ({
            status: 200,
            json: text,
            headers: { "content-type": http.registry.contentType },
          }))
        : path.startsWith("/_sim/")
          ? admin(req, path)
          : serve(req, path, url.searchParams);
    work.then(
      (reply) => {
        if (reply && !res.headersSent) send(res, reply);
      },
      (error: unknown) => {
        if (res.headersSent) return;
        if (error instanceof BodyError) send(res, service.errorReply(error.status, path, error.message));
        else send(res, service.errorReply(500, path, error instanceof Error ? error.message : String(error)));
      },
    );
  }
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = options.host === "0.0.0.0" || options.host === "::" ? "127.0.0.1" : options.host;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`,
    faults: () => faults,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Hung requests and idle keep-alive sockets would hold close() open forever.
        server.closeAllConnections();
      }),
  };
}
