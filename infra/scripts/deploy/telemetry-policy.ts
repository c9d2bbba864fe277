// The traces of the docker-compose fleet (SPEC §7, §8): an OpenTelemetry Collector (official image) whose
// mounted configuration has a traces pipeline from its OTLP receiver to a trace backend that compose runs
// (Jaeger or Tempo), and every service built from this repository sending its spans to that receiver — as
// @ogs/config resolves the variables the service is given, so a misspelt or conflicting variable counts.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { resolveTelemetry, telemetryEnv } from "../../../packages/config/src/index.js";
import { get, isObject, list, text, type Json } from "../k8s/manifest.js";

const COLLECTOR_IMAGE = /^otel\/opentelemetry-collector(-contrib|-k8s)?:/;
const TRACE_BACKEND_IMAGE = /^(jaegertracing\/(jaeger|all-in-one)|grafana\/tempo):/;

/** `host` and `port` of an endpoint written `host:port` or `scheme://host:port`. */
function hostPort(endpoint: string): { host: string; port: string } | undefined {
  const match = /^(?:[a-z]+:\/\/)?([^:/\s]+):(\d+)/i.exec(endpoint.trim());
  return match ? { host: match[1] ?? "", port: match[2] ?? "" } : undefined;
}

/** The collector's configuration file on this machine, from the compose service's bind mounts. */
function collectorConfig(service: unknown, repoRoot: string): { file: string; config: unknown } | undefined {
  const command = list(get(service, "command")).map(String).join(" ");
  const inside = /--config[= ](\S+)/.exec(command)?.[1];
  for (const volume of list(get(service, "volumes"))) {
    const [source = "", target = ""] =
      typeof volume === "string" ? volume.split(":") : [text(get(volume, "source")), text(get(volume, "target"))];
    if (inside !== undefined && target !== inside) continue;
    const file = path.isAbsolute(source) ? source : path.join(repoRoot, source);
    try {
      return { file: path.relative(repoRoot, file), config: parse(readFileSync(file, "utf8")) as unknown };
    } catch {
      continue;
    }
  }
  return undefined;
}

function pipelineProblems(name: string, config: unknown, services: Json): { problems: string[]; httpPort?: string } {
  const problems: string[] = [];
  const traces = get(config, "service", "pipelines", "traces");
  if (!isObject(traces)) return { problems: [`${name}: its configuration has no traces pipeline`] };
  const receivers = list(get(traces, "receivers")).map(String);
  const otlp = receivers.find((receiver) => receiver === "otlp" || receiver.startsWith("otlp/"));
  if (!otlp) problems.push(`${name}: the traces pipeline has no otlp receiver`);
  const httpPort = otlp
    ? hostPort(text(get(config, "receivers", otlp, "protocols", "http", "endpoint")))?.port
    : undefined;
  if (otlp && !httpPort) problems.push(`${name}: receiver ${otlp} has no OTLP/HTTP endpoint host:port`);
  const backends = list(get(traces, "exporters"))
    .map(String)
    .map((exporter) => hostPort(text(get(config, "exporters", exporter, "endpoint")))?.host ?? "")
    .filter((host) => TRACE_BACKEND_IMAGE.test(text(get(services[host], "image"))));
  if (backends.length === 0)
    problems.push(`${name}: the traces pipeline exports to no trace backend compose runs (Jaeger or Tempo)`);
  return { problems, ...(httpPort ? { httpPort } : {}) };
}

/** `config` is the normalised output of `docker-compose config`. */
export function composeTelemetryProblems(config: Json, repoRoot: string): string[] {
  const services = isObject(config.services) ? config.services : {};
  const collectors = Object.entries(services).filter(([, service]) =>
    COLLECTOR_IMAGE.test(text(get(service, "image"))),
  );
  if (collectors.length !== 1)
    return [
      `expected one OpenTelemetry Collector (official image otel/opentelemetry-collector*), found ${collectors.length}`,
    ];
  const [name, service] = collectors[0] ?? ["", {}];
  const mounted = collectorConfig(service, repoRoot);
  if (!mounted) return [`${name}: no configuration file of this repository is mounted where --config points`];
  const { problems, httpPort } = pipelineProblems(`${name} (${mounted.file})`, mounted.config, services);
  const expected = `http://${name}:${httpPort ?? "4318"}`;
  for (const [serviceName, built] of Object.entries(services).filter(([, s]) => get(s, "build") !== undefined)) {
    const environment = get(built, "environment");
    const variables = Object.fromEntries(
      Object.entries(isObject(environment) ? environment : {})
        .filter(([variable]) => variable.startsWith("OTEL_"))
        .map(([variable, value]) => [variable, String(value)]),
    );
    const parsed = telemetryEnv.safeParse(variables);
    if (!parsed.success) {
      problems.push(
        `${serviceName}: ${parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ")}`,
      );
      continue;
    }
    const { telemetry, problems: resolved } = resolveTelemetry(parsed.data);
    resolved.forEach((problem) => problems.push(`${serviceName}: ${problem.variable ?? ""} ${problem.message}`.trim()));
    if (!telemetry.traces)
      problems.push(`${serviceName}: exports no spans (set OTEL_EXPORTER_OTLP_ENDPOINT to ${expected})`);
    else if (!telemetry.traces.url.startsWith(`${expected}/`))
      problems.push(`${serviceName}: sends its spans to ${telemetry.traces.url}, not to the collector's ${expected}`);
  }
  return problems;
}
