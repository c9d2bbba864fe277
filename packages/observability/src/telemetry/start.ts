// startTelemetry (SPEC §7): called first thing in each process' main.ts with the parsed `telemetry` section.
// Without an OTLP endpoint it does nothing at all — the SDK is not even loaded — so tracing is off and free.
import type { TelemetryConfig } from "@ogs/config";
import type { Logger } from "../logger.js";

/** The kinds of process that export telemetry. */
export type ProcessKind = "api" | "worker" | "simulators";

/**
 * `service.name` when OTEL_SERVICE_NAME does not set one: the api answers as the service it replaces (the
 * original reports `globeco-order-generation-service`); workers and simulators are told apart from it.
 */
export const DEFAULT_SERVICE_NAMES: Readonly<Record<ProcessKind, string>> = {
  api: "globeco-order-generation-service",
  worker: "globeco-order-generation-worker",
  simulators: "globeco-simulators",
};

/** Stops telemetry: flushes queued spans and metrics, bounded by `timeoutMs`. */
export type StopTelemetry = (timeoutMs?: number) => Promise<void>;

const NOTHING_TO_STOP: StopTelemetry = () => Promise.resolve();

/**
 * Installs the OpenTelemetry SDK when `config` exports something; returns the function that flushes and stops
 * it on shutdown. `logger` receives the SDK's own warnings (an export that failed).
 */
export async function startTelemetry(
  config: TelemetryConfig,
  kind: ProcessKind,
  logger?: Logger,
): Promise<StopTelemetry> {
  if (!config.enabled) return NOTHING_TO_STOP;
  const { installTelemetry } = await import("./install.js");
  const stop = await installTelemetry(config, DEFAULT_SERVICE_NAMES[kind], logger);
  return async (timeoutMs = 5_000) => {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([stop(), new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  };
}
