import { tracingChannel } from "node:diagnostics_channel";
import { context, SpanKind, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { traceRedisCommands } from "./redis-commands.js";

// What ioredis publishes for a command and for a MULTI (its built/tracing.js).
const commands = tracingChannel("ioredis:command");
const batches = tracingChannel("ioredis:batch");
const command = (name: string) =>
  commands.tracePromise(() => Promise.resolve("OK"), {
    command: name,
    database: 0,
    serverAddress: "redis",
    serverPort: 6379,
  });

describe(traceRedisCommands.name, () => {
  const exporter = new InMemorySpanExporter();
  let stop: () => void;
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }));
    stop = traceRedisCommands();
  });
  afterEach(() => exporter.reset());
  afterAll(() => {
    stop();
    trace.disable();
    context.disable();
  });

  const inSpan = (work: () => Promise<unknown>) => {
    const parent = trace.getTracer("test").startSpan("job");
    return context.with(trace.setSpan(context.active(), parent), work).finally(() => parent.end());
  };

  it("records a CLIENT span per command under the active span", async () => {
    await inSpan(() => command("get"));
    const [span, parent] = exporter.getFinishedSpans();
    expect(span).toMatchObject({ name: "GET", kind: SpanKind.CLIENT });
    expect(span?.attributes).toMatchObject({ "db.system.name": "redis", "server.port": 6379 });
    expect(span?.parentSpanContext?.spanId).toBe(parent?.spanContext().spanId);
  });

  it("records nothing outside a span (BullMQ's polls between jobs)", async () => {
    await command("bzpopmin");
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it("records a MULTI as one span with its size, not its commands", async () => {
    await inSpan(() =>
      batches.tracePromise(
        async () => {
          await command("set");
          await command("zadd");
        },
        { batchMode: "MULTI", batchSize: 2 },
      ),
    );
    const names = exporter.getFinishedSpans().map((span) => span.name);
    expect(names).toEqual(["MULTI", "job"]);
    expect(exporter.getFinishedSpans()[0]?.attributes["db.operation.batch.size"]).toBe(2);
  });
});
