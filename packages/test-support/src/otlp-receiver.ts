// An in-process OTLP/HTTP receiver for tests (a collector's `otlp` receiver in miniature): it takes
// POST /v1/traces and /v1/metrics in JSON or protobuf — whichever OTEL_EXPORTER_OTLP_PROTOCOL chose — gzip or
// not, answers 200 as a collector does, and keeps every span (and every metric sent in JSON), flattened with
// its resource's service.name.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { decodeTraceRequest } from "./otlp-protobuf.js";

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** "" for a root span. */
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  /** The resource's service.name. */
  service: string;
  scope: string;
  attributes: Record<string, string | number | boolean>;
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  statusCode: number;
}

/** One metric of an OTLP/JSON metrics export (protobuf metrics are counted in `requests` only). */
export interface ReceivedMetric {
  service: string;
  name: string;
  /** "sum", "gauge" or "histogram". */
  type: string;
  dataPoints: {
    attributes: Record<string, string | number | boolean>;
    explicitBounds?: number[];
    bucketCounts?: string[];
  }[];
}

export const SPAN_KIND = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const;

export interface OtlpReceiver {
  /** Base URL for OTEL_EXPORTER_OTLP_ENDPOINT. */
  url: string;
  spans: ReceivedSpan[];
  metrics: ReceivedMetric[];
  /** Requests by path and content type, e.g. "/v1/traces application/x-protobuf". */
  requests: string[];
  /** The headers of each request, in the same order. */
  headers: IncomingHttpHeaders[];
  close(): Promise<void>;
}

interface JsonValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
}
interface JsonKeyValue {
  key: string;
  value?: JsonValue;
}
interface JsonTraceRequest {
  resourceSpans?: {
    resource?: { attributes?: JsonKeyValue[] };
    scopeSpans?: {
      scope?: { name?: string };
      spans?: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        attributes?: JsonKeyValue[];
        status?: { code?: number };
      }[];
    }[];
  }[];
}

const valueOf = (value: JsonValue | undefined) =>
  value?.stringValue ??
  value?.boolValue ??
  (value?.intValue === undefined ? value?.doubleValue : Number(value.intValue));

function attributesOf(list: JsonKeyValue[] | undefined): Record<string, string | number | boolean> {
  const entries: [string, string | number | boolean][] = [];
  for (const { key, value } of list ?? []) {
    const read = valueOf(value);
    if (read !== undefined) entries.push([key, read]);
  }
  return Object.fromEntries(entries);
}

interface JsonDataPoint {
  attributes?: JsonKeyValue[];
  explicitBounds?: number[];
  bucketCounts?: (string | number)[];
}
interface JsonMetricsRequest {
  resourceMetrics?: {
    resource?: { attributes?: JsonKeyValue[] };
    scopeMetrics?: {
      metrics?: ({ name: string } & Partial<Record<"sum" | "gauge" | "histogram", { dataPoints?: JsonDataPoint[] }>>)[];
    }[];
  }[];
}

function flattenMetrics(request: JsonMetricsRequest): ReceivedMetric[] {
  return (request.resourceMetrics ?? []).flatMap((resourceMetrics) => {
    const service = String(attributesOf(resourceMetrics.resource?.attributes)["service.name"] ?? "");
    return (resourceMetrics.scopeMetrics ?? []).flatMap((scope) =>
      (scope.metrics ?? []).map((metric) => {
        const type = (["sum", "gauge", "histogram"] as const).find((candidate) => metric[candidate]) ?? "other";
        const points = type === "other" ? [] : (metric[type]?.dataPoints ?? []);
        return {
          service,
          name: metric.name,
          type,
          dataPoints: points.map((point) => ({
            attributes: attributesOf(point.attributes),
            ...(point.explicitBounds ? { explicitBounds: point.explicitBounds } : {}),
            ...(point.bucketCounts ? { bucketCounts: point.bucketCounts.map(String) } : {}),
          })),
        };
      }),
    );
  });
}

function flatten(request: JsonTraceRequest): ReceivedSpan[] {
  return (request.resourceSpans ?? []).flatMap((resourceSpans) => {
    const service = String(attributesOf(resourceSpans.resource?.attributes)["service.name"] ?? "");
    return (resourceSpans.scopeSpans ?? []).flatMap((scopeSpans) =>
      (scopeSpans.spans ?? []).map((span) => ({
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId ?? "",
        name: span.name,
        kind: span.kind,
        service,
        scope: scopeSpans.scope?.name ?? "",
        attributes: attributesOf(span.attributes),
        statusCode: span.status?.code ?? 0,
      })),
    );
  });
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const metrics: ReceivedMetric[] = [];
  const requests: string[] = [];
  const headers: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const type = (req.headers["content-type"] ?? "").split(";")[0] ?? "";
      requests.push(`${req.url} ${type}`);
      headers.push(req.headers);
      let body = Buffer.concat(chunks);
      if (req.headers["content-encoding"] === "gzip") body = gunzipSync(body);
      try {
        if (req.url === "/v1/traces") {
          const request =
            type === "application/json"
              ? (JSON.parse(body.toString("utf8")) as JsonTraceRequest)
              : (decodeTraceRequest(body) as JsonTraceRequest);
          spans.push(...flatten(request));
        }
        if (req.url === "/v1/metrics" && type === "application/json")
          metrics.push(...flattenMetrics(JSON.parse(body.toString("utf8")) as JsonMetricsRequest));
        // An empty ExportServiceResponse: "{}" in JSON, no bytes in protobuf.
        res.writeHead(200, { "content-type": type }).end(type === "application/json" ? "{}" : "");
      } catch (error) {
        res.writeHead(400, { "content-type": "text/plain" }).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    metrics,
    requests,
    headers,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
