// Whether this process traces (SPEC §7): decided once by startTelemetry. Instrumentation that costs something
// even as a no-op — BullMQ's per-job context propagation, MongoDB command monitoring, HTTP middleware — asks
// first, so a process without an OTLP endpoint pays nothing for it.
import { trace, type Tracer } from "@opentelemetry/api";
import type { Registry } from "prom-client";

let enabled = false;

/** True once startTelemetry has installed a tracer provider that exports spans. */
export function tracingEnabled(): boolean {
  return enabled;
}

export function setTracingEnabled(value: boolean): void {
  enabled = value;
}

/** The tracer of one instrumentation scope (`@ogs/http-server`, `@ogs/clients`, …); a no-op one while tracing is off. */
export function tracerFor(scope: string): Tracer {
  return trace.getTracer(scope);
}

/** The registries handed to the OTLP metrics export, while it runs (undefined: metrics are not exported). */
let exportedRegistries: Registry[] | undefined;

/** Called by every registry the process builds; kept only while metrics are exported over OTLP. */
export function exportRegistry(registry: Registry): void {
  exportedRegistries?.push(registry);
}

/** Starts collecting registries for the OTLP metrics export; the result reads them at each collection. */
export function startExportingRegistries(): () => readonly Registry[] {
  const registries: Registry[] = [];
  exportedRegistries = registries;
  return () => registries;
}
