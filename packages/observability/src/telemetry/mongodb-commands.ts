// A span for every MongoDB command (SPEC §7), from the official driver's command monitoring events
// (`monitorCommands: true`), which it emits in the caller's async context: no patching. As for Redis, a
// command is traced only under a recorded span (a request, a job), so background sweeps without one add no
// traces. The command document is never recorded: it holds the stored data.
import { context, SpanKind, SpanStatusCode, trace, type Span } from "@opentelemetry/api";
import { tracerFor } from "./state.js";

/** What the driver's CommandStartedEvent / CommandSucceededEvent / CommandFailedEvent carry that we read. */
interface CommandEvent {
  requestId: number;
  address: string;
  commandName: string;
  databaseName?: string;
  command?: Record<string, unknown>;
  failure?: unknown;
}

/** A MongoClient, seen only through its event emitter (@ogs/store owns the driver). */
export interface CommandEventSource {
  on(event: "commandStarted" | "commandSucceeded" | "commandFailed", listener: (event: CommandEvent) => void): unknown;
}

function serverOf(address: string): { "server.address"?: string; "server.port"?: number } {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(address);
  return match ? { "server.address": match[1], "server.port": Number(match[2]) } : {};
}

/** Traces the commands of `client`, which must have been created with `monitorCommands: true`. */
export function traceMongoCommands(client: CommandEventSource): void {
  const tracer = tracerFor("@ogs/mongodb");
  const spans = new Map<string, Span>();
  const keyOf = (event: CommandEvent) => `${event.address}|${event.requestId}`;
  client.on("commandStarted", (event) => {
    if (!trace.getSpan(context.active())?.isRecording()) return;
    const target = event.command?.[event.commandName];
    const collection = typeof target === "string" ? target : undefined;
    spans.set(
      keyOf(event),
      tracer.startSpan(collection ? `${event.commandName} ${collection}` : event.commandName, {
        kind: SpanKind.CLIENT,
        attributes: {
          "db.system.name": "mongodb",
          "db.operation.name": event.commandName,
          ...(event.databaseName === undefined ? {} : { "db.namespace": event.databaseName }),
          ...(collection === undefined ? {} : { "db.collection.name": collection }),
          ...serverOf(event.address),
        },
      }),
    );
  });
  client.on("commandSucceeded", (event) => {
    spans.get(keyOf(event))?.end();
    spans.delete(keyOf(event));
  });
  client.on("commandFailed", (event) => {
    const span = spans.get(keyOf(event));
    if (!span) return;
    spans.delete(keyOf(event));
    const error = event.failure instanceof Error ? event.failure : new Error(String(event.failure));
    span.recordException(error);
    span.setAttribute("error.type", error.name);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    span.end();
  });
}
