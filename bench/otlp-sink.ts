// `--otlp` of the benches: an OTLP/HTTP endpoint that reads and acknowledges every export without decoding it,
// as a remote collector would, so a bench measures what exporting costs the fleet (SPEC §7), not a decoder.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface OtlpSink {
  url: string;
  /** Exports received and their bytes, by path (/v1/traces, /v1/metrics). */
  stats(): Record<string, { requests: number; megabytes: number }>;
  close(): Promise<void>;
}

export async function startOtlpSink(): Promise<OtlpSink> {
  const seen = new Map<string, { requests: number; bytes: number }>();
  const server = createServer((req, res) => {
    const entry = seen.get(req.url ?? "") ?? { requests: 0, bytes: 0 };
    seen.set(req.url ?? "", entry);
    req.on("data", (chunk: Buffer) => (entry.bytes += chunk.length));
    req.on("end", () => {
      entry.requests += 1;
      res.writeHead(200, { "content-type": req.headers["content-type"] ?? "application/x-protobuf" }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stats: () =>
      Object.fromEntries(
        [...seen].map(([path, { requests, bytes }]) => [path, { requests, megabytes: Math.round(bytes / 1e5) / 10 }]),
      ),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
