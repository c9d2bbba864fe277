// Installs the OpenTelemetry SDK from the resolved `telemetry` section (SPEC §7): the global context manager
// (AsyncLocalStorage), W3C trace-context and baggage propagation, a tracer provider exporting in batches over
// OTLP, the Redis command spans, and the metrics catalogue exported periodically over OTLP. Everything is
// passed explicitly — sampler, limits, batch sizes, exporter settings — so no OTEL_* variable is read here.
// Loaded by start.ts only when something is exported, so a process without an endpoint never loads the SDK.
import { randomUUID } from "node:crypto";
import { context, diag, DiagLogLevel, propagation, ROOT_CONTEXT, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from "@opentelemetry/core";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { BatchSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import type { TelemetryConfig } from "@ogs/config";
import type { Logger } from "../logger.js";
import { createMetricExporter, createSpanExporter } from "./exporters.js";
import { prometheusMetricProducer } from "./prometheus-producer.js";
import { traceRedisCommands } from "./redis-commands.js";
import { createSampler } from "./sampler.js";
import { setTracingEnabled, startExportingRegistries } from "./state.js";

/**
 * Spans waiting for export. The specification's default is 2,048; a rebalance of a thousand portfolios makes
 * tens of thousands of spans within seconds, so the queue is larger (a span is about 1 KB) and spans beyond it
 * are dropped rather than held (the exporter must never slow the work down).
 */
const MAX_QUEUED_SPANS = 16_384;
const MAX_EXPORT_BATCH = 1_024;
const EXPORT_DELAY_MS = 2_000;

/** A collector that is away makes the same complaint at every export: once a minute per message is enough. */
const REPEAT_AFTER_MS = 60_000;

/** OpenTelemetry's own warnings and errors (an export that failed, a dropped span) go to the process log. */
function routeDiagnostics(logger: Logger | undefined): void {
  if (!logger) return;
  const last = new Map<string, { at: number; suppressed: number }>();
  const log =
    (level: "warn" | "error") =>
    (message: string, ...args: unknown[]) => {
      const now = Date.now();
      const seen = last.get(message);
      if (seen && now - seen.at < REPEAT_AFTER_MS) {
        seen.suppressed += 1;
        return;
      }
      last.set(message, { at: now, suppressed: 0 });
      const repeats = seen?.suppressed ? { repeated_since_last: seen.suppressed } : {};
      // Outside any span: an export runs in the context of whichever span started the batch, not in its trace.
      context.with(ROOT_CONTEXT, () =>
        logger[level]({ component: "opentelemetry", details: args.map(String), ...repeats }, message),
      );
    };
  const quiet = () => undefined;
  diag.setLogger(
    { error: log("error"), warn: log("warn"), info: quiet, debug: quiet, verbose: quiet },
    { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
  );
}

export async function installTelemetry(
  config: TelemetryConfig,
  defaultServiceName: string,
  logger: Logger | undefined,
): Promise<() => Promise<void>> {
  routeDiagnostics(logger);
  const resource = resourceFromAttributes({
    "service.name": defaultServiceName,
    "service.instance.id": randomUUID(),
    ...config.resource,
  });
  const stops: Array<() => Promise<void>> = [];

  if (config.traces) {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(
      new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
    );
    const provider = new TracerProvider({
      resource,
      sampler: createSampler(),
      spanLimits: { attributeCountLimit: 128, eventCountLimit: 128, linkCountLimit: 128 },
      spanProcessors: [
        new BatchSpanProcessor({
          exporter: await createSpanExporter(config.traces),
          maxQueueSize: MAX_QUEUED_SPANS,
          maxExportBatchSize: MAX_EXPORT_BATCH,
          scheduledDelayMillis: EXPORT_DELAY_MS,
          exportTimeoutMillis: config.traces.timeoutMs,
        }),
      ],
    });
    trace.setGlobalTracerProvider(provider);
    const stopRedis = traceRedisCommands();
    setTracingEnabled(true);
    stops.push(async () => {
      stopRedis();
      await provider.shutdown();
    });
  }

  if (config.metrics) {
    const interval = config.metrics.exportIntervalMs;
    const meters = new MeterProvider({
      resource,
      readers: [
        new PeriodicExportingMetricReader({
          exporter: await createMetricExporter(config.metrics),
          exportIntervalMillis: interval,
          // The reader refuses a timeout longer than the interval.
          exportTimeoutMillis: Math.min(config.metrics.timeoutMs, interval),
          metricProducers: [prometheusMetricProducer(startExportingRegistries())],
        }),
      ],
    });
    stops.push(() => meters.shutdown());
  }

  return async () => {
    // Flushes what is queued (a last metrics export, the spans of the last requests and jobs).
    await Promise.allSettled(stops.map((stop) => stop()));
  };
}
