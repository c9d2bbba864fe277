// Where one signal is exported to (SPEC §7), from the OTLP exporter specification's rules: a
// per-signal endpoint is used as is; a base endpoint gets `/v1/<signal>` over HTTP and is used as
// is over gRPC. The original's OTEL_COLLECTOR_GRPC_ENDPOINT / OTEL_COLLECTOR_HTTP_ENDPOINT are the
// base endpoint of the protocol they name, and must agree with OTEL_EXPORTER_OTLP_ENDPOINT when both are set.
import { conflictMessage } from "../aliases.js";
import type { TelemetryEnv } from "../sections/telemetry.js";
import type { OtlpProtocol, TelemetryProblem } from "./types.js";

export type Signal = "traces" | "metrics";

const PER_SIGNAL = {
  traces: { endpoint: "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", protocol: "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL" },
  metrics: { endpoint: "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", protocol: "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL" },
} as const;

/** The original's base endpoint for each transport. */
const ORIGINAL_BASE = { grpc: "OTEL_COLLECTOR_GRPC_ENDPOINT", http: "OTEL_COLLECTOR_HTTP_ENDPOINT" } as const;

const hasScheme = (value: string) => /^https?:\/\//i.test(value);

/** `host:port` of an endpoint, default ports filled in, so `http://a:4317` and `a:4317` compare equal. */
function authority(value: string): string {
  if (!hasScheme(value)) return value.toLowerCase();
  const url = new URL(value);
  return `${url.hostname}:${url.port || (url.protocol === "https:" ? "443" : "80")}`;
}

/** An HTTP base URL without trailing slashes, scheme and host lower-cased by URL. */
const httpBase = (value: string) => new URL(value).href.replace(/\/+$/, "");

function sameEndpoint(a: string, b: string, protocol: OtlpProtocol): boolean {
  if (protocol === "grpc") return authority(a) === authority(b);
  return hasScheme(a) && hasScheme(b) ? httpBase(a) === httpBase(b) : a === b;
}

export interface SignalEndpoint {
  protocol: OtlpProtocol;
  /** The URL the exporter sends to, always with a scheme. */
  url: string;
  /** True when the connection is plain text (an http:// URL). */
  insecure: boolean;
}

/** The protocol of a signal: its own setting, else the shared one, else the specification's default. */
export function protocolOf(env: TelemetryEnv, signal: Signal): OtlpProtocol {
  return env[PER_SIGNAL[signal].protocol] ?? env.OTEL_EXPORTER_OTLP_PROTOCOL ?? "http/protobuf";
}

/**
 * The endpoint of `signal`, or undefined when none is configured (nothing is exported then). Adds
 * a problem for a conflicting pair or an endpoint the protocol cannot use.
 */
export function resolveEndpoint(
  env: TelemetryEnv,
  signal: Signal,
  problems: TelemetryProblem[],
): SignalEndpoint | undefined {
  const protocol = protocolOf(env, signal);
  const transport = protocol === "grpc" ? "grpc" : "http";
  const originalName = ORIGINAL_BASE[transport];
  const original = env[originalName];
  const standard = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (standard !== undefined && original !== undefined && !sameEndpoint(standard, original, protocol))
    problems.push({ message: conflictMessage("OTEL_EXPORTER_OTLP_ENDPOINT", standard, originalName, original) });

  const ownName = PER_SIGNAL[signal].endpoint;
  const own = env[ownName];
  const [variable, value] =
    own !== undefined
      ? [ownName, own]
      : standard !== undefined
        ? ["OTEL_EXPORTER_OTLP_ENDPOINT", standard]
        : original !== undefined
          ? [originalName, original]
          : [undefined, undefined];
  if (variable === undefined || value === undefined) return undefined;

  if (transport === "http") {
    if (!hasScheme(value)) {
      problems.push({ variable, message: `expected an http:// or https:// URL for protocol ${protocol}` });
      return undefined;
    }
    const url = variable === ownName ? value : `${httpBase(value)}/v1/${signal}`;
    return { protocol, url, insecure: url.toLowerCase().startsWith("http:") };
  }
  if (hasScheme(value)) return { protocol, url: value, insecure: value.toLowerCase().startsWith("http:") };
  // host:port: OTEL_EXPORTER_OTLP_INSECURE decides, or the original's OTEL_INSECURE, whose default
  // is true for its own endpoint variable (the original's Settings.otel_insecure); the standard's is false.
  const insecure = env.OTEL_EXPORTER_OTLP_INSECURE ?? env.OTEL_INSECURE ?? variable === originalName;
  return { protocol, url: `${insecure ? "http" : "https"}://${value}`, insecure };
}
