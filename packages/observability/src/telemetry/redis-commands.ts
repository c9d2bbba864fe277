// A span for every Redis command and MULTI (SPEC §7), from the tracing channels ioredis publishes on
// (`ioredis:command`, `ioredis:batch`, node:diagnostics_channel): nothing is patched, and with no subscriber
// ioredis skips the tracing entirely. A command is traced only under a recorded span — a job, a request —
// so BullMQ's blocking polls between jobs make no traces of their own. Arguments are left out: they hold
// job data and keys, and ioredis has already reduced them to what is safe, which we do not need.
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

function subscribe(channelName: string, nameOf: (message: RedisTraceMessage) => string): () => void {
  const tracer = tracerFor("@ogs/redis");
  const spans = new WeakMap<object, Span>();
  const handlers = {
    start(raw: unknown) {
      const message = raw as RedisTraceMessage;
      if (!trace.getSpan(context.active())?.isRecording()) return;
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
  const stops = [
    subscribe("ioredis:command", (message) => (message.command ?? "command").toUpperCase()),
    subscribe("ioredis:batch", (message) => message.batchMode ?? "MULTI"),
  ];
  return () => stops.forEach((stop) => stop());
}
