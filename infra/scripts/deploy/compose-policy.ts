// What docker-compose.yml must run: every service of the fleet, a worker that
// scales with --scale (no fixed name, no host port), Redis with noeviction and AOF on a volume,
// MongoDB on a volume, health checks and depends_on conditions so `up` starts in order; a worker stop window
// longer than its worst-case stop (SPEC §5.4); the OpenTelemetry Collector and the trace backend (traces of
// SPEC §7 operations; their pipeline is telemetry-policy.ts').
import { readFileSync } from "node:fs";
import path from "node:path";
import { get, isObject, list, text, type Json } from "../k8s/manifest.js";
import { envDefault, workerShutdownCloseBoundMs } from "../project-facts.js";
import { parseDockerfile } from "./dockerfile-policy.js";

const REQUIRED = ["api", "worker", "redis", "mongo", "simulators", "prometheus", "grafana", "otel-collector", "jaeger"];

/**
 * Services whose image cannot probe itself (no shell, no HTTP client), with the reason. Nothing may wait for
 * them (a depends_on would need a health check), and Prometheus must scrape them so their health is watched.
 */
const PROBELESS: Record<string, string> = {
  "otel-collector": "the official collector image is built FROM scratch",
};

interface Mount {
  type: string;
  source: string;
  target: string;
}

/** A volume entry in either syntax: docker-compose v1 prints `source:target:mode`, v2 an object. */
function mountsOf(service: unknown): Mount[] {
  return list(get(service, "volumes")).map((volume) => {
    if (typeof volume === "string") {
      const [source = "", target = ""] = volume.split(":");
      return { type: /^[./~]/.test(source) ? "bind" : "volume", source, target };
    }
    return {
      type: String(get(volume, "type")),
      source: text(get(volume, "source")),
      target: String(get(volume, "target")),
    };
  });
}

/** True when the service has a health check in the compose file or in the Dockerfile it builds. */
function hasHealthcheck(service: unknown, repoRoot: string): boolean {
  if (isObject(get(service, "healthcheck")) && get(service, "healthcheck", "disable") !== true) return true;
  const dockerfile = get(service, "build", "dockerfile");
  if (typeof dockerfile !== "string") return false;
  const context = text(get(service, "build", "context"), ".");
  const file = path.isAbsolute(dockerfile)
    ? dockerfile
    : path.join(path.isAbsolute(context) ? context : path.join(repoRoot, context), dockerfile);
  return parseDockerfile(readFileSync(file, "utf8")).some((instruction) => instruction.keyword === "HEALTHCHECK");
}

/** A compose duration (`40s`, `1m30s`, `1500ms`) in milliseconds; NaN when it is not one. */
function durationMs(value: string): number {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1, us: 0.001 };
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join("") !== value) return Number.NaN;
  return parts.reduce((sum, part) => sum + Number(part[1]) * (units[part[2] ?? ""] ?? Number.NaN), 0);
}

/** The worker must get longer than SHUTDOWN_GRACE_MS + its close bound before Docker sends SIGKILL. */
function workerStopWindowProblems(worker: unknown): string[] {
  const setting = get(worker, "environment", "SHUTDOWN_GRACE_MS");
  const graceMs = Number(setting ?? envDefault("SHUTDOWN_GRACE_MS"));
  const period = text(get(worker, "stop_grace_period"), "10s");
  const windowMs = durationMs(period);
  const worstStopMs = graceMs + workerShutdownCloseBoundMs;
  if (!(windowMs > worstStopMs))
    return [
      `worker: stop_grace_period ${period} does not exceed its worst-case stop, SHUTDOWN_GRACE_MS ${graceMs} ms + ${workerShutdownCloseBoundMs} ms of closing`,
    ];
  return [];
}

/** `config` is the normalised output of `docker-compose config`. */
export function composeProblems(config: Json, repoRoot: string): string[] {
  const problems: string[] = [];
  const services = isObject(config.services) ? config.services : {};
  for (const name of REQUIRED) if (!(name in services)) problems.push(`service ${name} is missing`);
  for (const [name, service] of Object.entries(services)) {
    const image = text(get(service, "image"));
    if (!/:[\w.-]+$/.test(image) || image.endsWith(":latest"))
      problems.push(`${name}: image ${image || "(none)"} is not pinned to a version tag`);
    if (!(name in PROBELESS) && !hasHealthcheck(service, repoRoot))
      problems.push(`${name}: no health check (compose or Dockerfile HEALTHCHECK)`);
    const dependsOn = get(service, "depends_on");
    for (const [dependency, condition] of Object.entries(isObject(dependsOn) ? dependsOn : {})) {
      if (dependency in PROBELESS)
        problems.push(`${name}: depends_on ${dependency}, which has no health check (${PROBELESS[dependency]})`);
      else if (get(condition, "condition") !== "service_healthy")
        problems.push(`${name}: depends_on ${dependency} should wait for condition service_healthy`);
    }
  }
  const worker = services.worker;
  if (get(worker, "container_name") !== undefined) problems.push("worker: container_name prevents --scale worker=N");
  if (list(get(worker, "ports")).length > 0)
    problems.push("worker: a host port prevents --scale worker=N (use expose)");
  problems.push(...workerStopWindowProblems(worker));
  for (const name of ["api", "worker"]) {
    const needs = ["redis", "mongo"].filter((dependency) => !isObject(get(services[name], "depends_on", dependency)));
    if (needs.length > 0) problems.push(`${name}: does not wait for ${needs.join(", ")}`);
  }
  const redisCommand = list(get(services.redis, "command")).join(" ");
  if (!/--maxmemory-policy noeviction/.test(redisCommand))
    problems.push("redis: needs --maxmemory-policy noeviction (SPEC §2)");
  if (!/--appendonly yes/.test(redisCommand)) problems.push("redis: needs --appendonly yes (SPEC §2)");
  const volumeAt = (service: string, target: string) =>
    mountsOf(services[service]).some((mount) => mount.target === target && mount.type === "volume");
  if (!volumeAt("redis", "/data")) problems.push("redis: /data must be a named volume");
  if (!volumeAt("mongo", "/data/db")) problems.push("mongo: /data/db must be a named volume");
  const mounts = (service: string) => mountsOf(services[service]).map((mount) => mount.source);
  if (!mounts("prometheus").some((source) => source.endsWith("infra/prometheus/prometheus.yml")))
    problems.push("prometheus: does not mount infra/prometheus/prometheus.yml");
  if (!mounts("prometheus").some((source) => source.endsWith("infra/prometheus/rules")))
    problems.push("prometheus: does not mount infra/prometheus/rules");
  if (!mounts("grafana").some((source) => source.endsWith("infra/grafana/provisioning")))
    problems.push("grafana: does not mount infra/grafana/provisioning");
  const scraped = readFileSync(path.join(repoRoot, "infra/prometheus/prometheus.yml"), "utf8");
  for (const name of Object.keys(PROBELESS))
    if (name in services && !new RegExp(`["\\s]${name}:\\d+`).test(scraped))
      problems.push(`${name}: has no health check, so infra/prometheus/prometheus.yml must scrape it`);
  return problems;
}

/** Variable names our own services (those built from this repository) set. */
export function composeEnvNames(config: Json): string[] {
  const services = isObject(config.services) ? config.services : {};
  return Object.values(services)
    .filter((service) => get(service, "build") !== undefined)
    .flatMap((service) =>
      Object.keys(isObject(get(service, "environment")) ? (get(service, "environment") as Json) : {}),
    );
}
