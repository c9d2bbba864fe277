// A span for every Redis command and MULTI (SPEC §7), from the tracing channels ioredis publishes on
// (`ioredis:command`, `ioredis:batch`, node:diagnostics_channel): nothing is patched, and with no subscriber
// ioredis skips the tracing entirely. A command is traced only under a recorded span — a job, a request —
// so BullMQ's blocking polls between jobs make no traces of their own. A MULTI is one span with its size, as
// OpenTelemetry's database conventions ask of a batch: the commands it runs are not spans of their own (a
// flow of a thousand portfolios is one MULTI of thousands of commands). Arguments are left out: they hold
// job data and keys.
import { AsyncLocalStorage } from "node:async_hooks";
import { tracingChannel } from "node:diagnostics_channel";
import { context, SpanKind, SpanStatusCode, trace, type Span } from "@opentelemetry/api";
import { tracerFor } from "./state.js";

interface RedisTraceMessage {
  /** `ioredis:command` */
  command?: string;
  /** `ioredis:batch`: "MULTI" and its number of commands. */
  batchMode?: string;
  batchSize?: number;
  database?: number;
  serverAddress?: string;
  serverPort?: number;
  error?: unknown;
}

/** Set while a MULTI runs: its commands are counted in its span. */
const insideBatch = new AsyncLocalStorage<true>();

function subscribe(
  channelName: string,
  nameOf: (message: RedisTraceMessage) => string,
  partOfBatch: () => boolean,
): () => void {
  const tracer = tracerFor("@ogs/redis");
  const spans = new WeakMap<object, Span>();
  const handlers = {
    start(raw: unknown) {
      const message = raw as RedisTraceMessage;
      if (partOfBatch() || !trace.getSpan(context.active())?.isRecording()) return;
      const name = nameOf(message);
      spans.set(
        message,
        tracer.startSpan(name, {
          kind: SpanKind.CLIENT,
          attributes: {
            "db.system.name": "redis",
            "db.operation.name": name,
            "db.namespace": String(message.database ?? 0),
            ...(message.batchSize === undefined ? {} : { "db.operation.batch.size": message.batchSize }),
            ...(message.serverAddress === undefined ? {} : { "server.address": message.serverAddress }),
            ...(message.serverPort === undefined ? {} : { "server.port": message.serverPort }),
          },
        }),
      );
    },
    error(raw: unknown) {
      const message = raw as RedisTraceMessage;
      const span = spans.get(message);
      if (!span) return;
      const error = message.error instanceof Error ? message.error : new Error(String(message.error));
      span.recordException(error);
      span.setAttribute("error.type", error.name);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    },
    asyncEnd(raw: unknown) {
      const message = raw as RedisTraceMessage;
      spans.get(message)?.end();
      spans.delete(message);
    },
    end() {},
    asyncStart() {},
  };
  const channel = tracingChannel(channelName);
  channel.subscribe(handlers);
  return () => channel.unsubscribe(handlers);
}

/** Starts tracing Redis commands in this process; the returned function stops it. */
export function traceRedisCommands(): () => void {
  const batches = tracingChannel("ioredis:batch");
  // Node enters the bound store before it tells the subscribers, so the batch's own start already runs inside.
  batches.start.bindStore(insideBatch, () => true);
  const stops = [
    subscribe(
      "ioredis:command",
      (message) => (message.command ?? "command").toUpperCase(),
      () => insideBatch.getStore() === true,
    ),
    subscribe(
      "ioredis:batch",
      (message) => message.batchMode ?? "MULTI",
      () => false,
    ),
  ];
  return () => {
    stops.forEach((stop) => stop());
    batches.start.unbindStore(insideBatch);
  };
}
