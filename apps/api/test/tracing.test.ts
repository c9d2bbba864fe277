// One rebalance is one trace (SPEC §7): a fleet exporting to an in-process OTLP/HTTP receiver — the api in
// protobuf (the default protocol), the worker in JSON, the simulators in protobuf — answers one synchronous
// rebalance of 3 portfolios, and every span it causes hangs under the API's SERVER span, which continues the
// caller's `traceparent`: the flow's enqueue, each portfolio job, every GlobeCo call (and the simulator answering
// it), the MongoDB and Redis commands, the finaliser and the webhook attempt, which sends `traceparent` on.
// The worker also exports its metrics catalogue over OTLP, under the names /metrics serves.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestContext,
  startOtlpReceiver,
  SPAN_KIND,
  type OtlpReceiver,
  type ReceivedSpan,
  startSimulators,
  type RunningSimulators,
  startWebhookReceiver,
  type WebhookReceiver,
  DATASET,
  port,
  startWorker,
  type WorkerProcess,
} from "@ogs/test-support";
import { startApi, type ApiHandle } from "./support/api-process.js";
import { createRebalanceModel } from "./support/rebalance-fleet.js";

const TRACE_ID = randomBytes(16).toString("hex");
const CALLER_SPAN_ID = randomBytes(8).toString("hex");

async function eventually<T>(read: () => T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("one synchronous rebalance, traced", () => {
  let receiver: OtlpReceiver;
  let hooks: WebhookReceiver;
  let simulators: RunningSimulators;
  let worker: WorkerProcess;
  let api: ApiHandle;
  let apiOutput = "";
  let rebalanceId = "";

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    hooks = await startWebhookReceiver();
    const ctx = createTestContext("tracing");
    const otlp = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url };
    const webhooks = { WEBHOOK_ALLOWED_CIDRS: "127.0.0.0/8" };
    simulators = await startSimulators({ dataset: DATASET, env: otlp });
    worker = await startWorker(
      { ...ctx, simulators: simulators.urls },
      { ...otlp, ...webhooks, OTEL_EXPORTER_OTLP_PROTOCOL: "http/json", OTEL_METRIC_EXPORT_INTERVAL: "1000" },
    );
    api = await startApi("tracing", { ...otlp, ...webhooks, LOG_LEVEL: "info" }, ctx);
    api.child.process.stdout?.on("data", (chunk: Buffer) => (apiOutput += chunk.toString()));

    expect(
      (await api.request("POST", "/api/v1/webhook-endpoints", { body: { url: `${hooks.url}/hook` } })).status,
    ).toBe(201);
    const model = await createRebalanceModel(api, [port(1), port(2), port(3)]);
    const answer = await api.request<{ rebalance_id: string }[]>("POST", `/api/v1/model/${model.model_id}/rebalance`, {
      headers: { traceparent: `00-${TRACE_ID}-${CALLER_SPAN_ID}-01` },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toHaveLength(3);
    rebalanceId = answer.body[0]?.rebalance_id ?? "";
    await hooks.waitFor(1, 30_000);
    // Each process sends its spans in batches of its own: wait for the API's span, the webhook attempt's, and
    // the parent of every span received (the ancestors of a span may leave in a later batch than the span).
    await eventually(() => {
      const spans = receiver.spans.filter((span) => span.traceId === TRACE_ID);
      const ids = new Set([CALLER_SPAN_ID, ...spans.map((span) => span.spanId)]);
      const complete =
        spans.some((span) => span.parentSpanId === CALLER_SPAN_ID) &&
        spans.some((span) => span.scope === "@ogs/webhooks") &&
        spans.every((span) => ids.has(span.parentSpanId));
      return complete ? true : undefined;
    }, "the whole trace");
  });
  afterAll(async () => {
    await api?.stop();
    await worker?.child.stop(10_000);
    await simulators?.stop();
    await hooks?.close();
    await receiver?.close();
  });

  const traceSpans = () => receiver.spans.filter((span) => span.traceId === TRACE_ID);
  const apiSpan = () => {
    const spans = traceSpans().filter((span) => span.kind === SPAN_KIND.server && span.parentSpanId === CALLER_SPAN_ID);
    expect(spans).toHaveLength(1);
    return spans[0] as ReceivedSpan;
  };
  /** True when the API span is an ancestor of `span` within the trace. */
  const underApiSpan = (span: ReceivedSpan) => {
    const byId = new Map(traceSpans().map((candidate) => [candidate.spanId, candidate]));
    const root = apiSpan().spanId;
    for (let current: ReceivedSpan | undefined = span; current; current = byId.get(current.parentSpanId))
      if (current.parentSpanId === root) return true;
    return false;
  };

  it("keeps the caller's trace id: the API's SERVER span is the child of the caller's span", () => {
    const span = apiSpan();
    expect(span.name).toBe("POST /api/v1/model/{model_id}/rebalance");
    expect(span.service).toBe("globeco-order-generation-service");
    expect(span.attributes["http.response.status_code"]).toBe(200);
    expect(receiver.requests).toContain("/v1/traces application/x-protobuf");
    expect(receiver.requests).toContain("/v1/traces application/json");
  });

  it("has every span of the trace descend from the API span", () => {
    const strays = traceSpans().filter((span) => span !== apiSpan() && !underApiSpan(span));
    expect(strays.map((span) => `${span.service} ${span.name}`)).toEqual([]);
  });

  it("puts each portfolio job and the finaliser under the API span", () => {
    const jobs = traceSpans().filter((span) => span.kind === SPAN_KIND.consumer);
    const portfolioJobs = jobs.filter((span) => span.name === "process rebalance-portfolios");
    expect(portfolioJobs.map((span) => span.attributes["bullmq.job.id"]).sort()).toEqual(
      [1, 2, 3].map((n) => `${rebalanceId}-${port(n)}`).sort(),
    );
    expect(jobs.filter((span) => span.name === "process rebalance-finalizer")).toHaveLength(1);
    expect(portfolioJobs.every((span) => span.service === "globeco-order-generation-worker")).toBe(true);
    // One trace: no job of this rebalance was processed in another one.
    const elsewhere = receiver.spans.filter(
      (span) => String(span.attributes["bullmq.job.id"] ?? "").startsWith(rebalanceId) && span.traceId !== TRACE_ID,
    );
    expect(elsewhere).toEqual([]);
  });

  it("puts every GlobeCo call under the API span, each continued by the simulator it called", async () => {
    const calls = receiver.spans.filter((span) => span.scope === "@ogs/clients");
    expect(calls.length).toBeGreaterThanOrEqual(3);
    expect(calls.every((span) => span.traceId === TRACE_ID && span.kind === SPAN_KIND.client)).toBe(true);
    expect(new Set(calls.map((span) => span.attributes["globeco.service"]))).toEqual(
      new Set(["accounting", "security", "pricing", "portfolio"]),
    );
    const callIds = new Set(calls.map((span) => span.spanId));
    // The simulators export on their own schedule.
    const answered = await eventually(
      () => {
        const spans = traceSpans().filter((span) => span.service === "globeco-simulators");
        return spans.length >= calls.length ? spans : undefined;
      },
      `${calls.length} simulator spans (${JSON.stringify([...new Set(receiver.spans.map((span) => span.service))])})`,
    );
    expect(answered.length).toBe(calls.length);
    expect(answered.every((span) => callIds.has(span.parentSpanId) && span.kind === SPAN_KIND.server)).toBe(true);
    expect(answered.map((span) => span.name)).toContain("GET /api/v1/portfolios/{portfolioId}/summary");
  });

  it("traces MongoDB and Redis commands inside the request and the jobs", () => {
    const systems = (service: string) =>
      new Set(
        traceSpans()
          .filter((span) => span.service === service && span.kind === SPAN_KIND.client)
          .map((span) => span.attributes["db.system.name"]),
      );
    for (const service of ["globeco-order-generation-service", "globeco-order-generation-worker"]) {
      expect(systems(service).has("mongodb")).toBe(true);
      expect(systems(service).has("redis")).toBe(true);
    }
  });

  it("puts the webhook attempt under the API span, and sends the trace to the receiver", () => {
    const attempts = traceSpans().filter((span) => span.scope === "@ogs/webhooks");
    expect(attempts).toHaveLength(1);
    expect(attempts[0]?.attributes["http.response.status_code"]).toBe(204);
    const traceparent = String(hooks.received[0]?.headers.traceparent ?? "");
    expect(traceparent).toBe(`00-${TRACE_ID}-${attempts[0]?.spanId}-01`);
  });

  it("writes trace_id and span_id on the log lines of the request and of the jobs", () => {
    const lines = (text: string) =>
      text
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    const request = lines(apiOutput).find((line) => line.msg === "request completed" && line.trace_id === TRACE_ID);
    expect(request?.span_id).toBe(apiSpan().spanId);
    const jobLines = lines(worker.output()).filter(
      (line) => line.msg === "portfolio job finished" && line.rebalance_id === rebalanceId,
    );
    expect(jobLines).toHaveLength(3);
    expect(jobLines.every((line) => line.trace_id === TRACE_ID && typeof line.span_id === "string")).toBe(true);
  });

  it("exports the worker's metrics catalogue over OTLP under the Prometheus names, histograms with their buckets", async () => {
    const jobs = await eventually(
      () =>
        receiver.metrics.find(
          (metric) =>
            metric.name === "ogs_jobs_processed_total" &&
            metric.dataPoints.some((point) => point.attributes.outcome === "completed"),
        ),
      "ogs_jobs_processed_total with a completed job",
    );
    expect(jobs).toMatchObject({ service: "globeco-order-generation-worker", type: "sum" });
    const names = new Set(receiver.metrics.map((metric) => metric.name));
    for (const name of [
      "http_requests_total",
      "http_request_duration",
      "ogs_job_failures_total",
      "ogs_process_cpu_seconds_total",
    ])
      expect(names.has(name), name).toBe(true);
    const duration = receiver.metrics.find((metric) => metric.name === "ogs_job_duration_seconds");
    expect(duration?.type).toBe("histogram");
    expect(duration?.dataPoints[0]?.explicitBounds).toEqual([
      0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
    ]);
  });
});
