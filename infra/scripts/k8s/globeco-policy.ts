// What overlays/globeco must hold to replace the original service in a GlobeCo cluster (SPEC §1, §8):
// the API behind Service globeco-order-generation-service:8088 in namespace globeco (the name the
// portal resolves), the chart's variables with the chart's values in the api and worker containers,
// an API container within the original's budget, and a Redis that keeps jobs (AOF, noeviction).
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, get, labelsOf, list, selects, text, type Manifest } from "./manifest.js";

export const GLOBECO = {
  namespace: "globeco",
  service: "globeco-order-generation-service",
  port: 8088,
  /** The original container's budget, which the API container's requests and limits must fit. */
  apiBudget: { cpuMillis: 589, memoryBytes: 700 * 2 ** 20 },
  /** The chart sets them; we read neither (README configuration table), so the overlay need not. */
  unused: new Set(["SECRET_KEY", "OTEL_METRICS_LOGGING_ENABLED"]),
} as const;

/** One environment variable as a container sees it: a literal value or a Downward API field. */
export interface Setting {
  value?: string;
  fieldPath?: string;
}

/** The chart's `env` list (infra/k8s/globeco-chart-env.yaml), by name. */
export function chartSettings(file: string): Map<string, Setting> {
  const entries = list(get(parse(readFileSync(file, "utf8")), "env"));
  return new Map(
    entries.map((entry) => {
      const fieldPath = get(entry, "valueFrom", "fieldRef", "fieldPath");
      const setting: Setting = typeof fieldPath === "string" ? { fieldPath } : { value: text(get(entry, "value")) };
      return [text(get(entry, "name")), setting];
    }),
  );
}

/** A variable as the container sees it: its own `env` first, then the ConfigMaps it loads. */
function settingOf(container: unknown, configMaps: Manifest[], name: string): Setting | undefined {
  const inline = list(get(container, "env")).find((variable) => get(variable, "name") === name);
  if (inline) {
    const fieldPath = get(inline, "valueFrom", "fieldRef", "fieldPath");
    return typeof fieldPath === "string" ? { fieldPath } : { value: text(get(inline, "value")) };
  }
  for (const source of list(get(container, "envFrom"))) {
    const map = configMaps.find((candidate) => candidate.metadata.name === get(source, "configMapRef", "name"));
    const value = get(map, "data", name);
    if (typeof value === "string") return { value };
  }
  return undefined;
}

/** Millicores of a CPU quantity ("500m", "1", "0.5"); NaN when unreadable. */
export function cpuMillis(quantity: unknown): number {
  const match = /^(\d+(?:\.\d+)?)(m?)$/.exec(text(quantity));
  if (!match) return Number.NaN;
  return match[2] === "m" ? Number(match[1]) : Number(match[1]) * 1000;
}

const MEMORY_UNITS: Record<string, number> = { "": 1, k: 1e3, M: 1e6, G: 1e9, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 };

/** Bytes of a memory quantity ("512Mi", "1Gi", "700M"); NaN when unreadable. */
export function memoryBytes(quantity: unknown): number {
  const match = /^(\d+(?:\.\d+)?)(k|M|G|Ki|Mi|Gi)?$/.exec(text(quantity));
  if (!match) return Number.NaN;
  return Number(match[1]) * (MEMORY_UNITS[match[2] ?? ""] ?? Number.NaN);
}

const podLabels = (workload: Manifest) => labelsOf(get(workload, "spec", "template", "metadata", "labels"));
const component = (workload: Manifest) => podLabels(workload)["app.kubernetes.io/component"];
const firstContainer = (workload: Manifest) => list(get(workload, "spec", "template", "spec", "containers"))[0];

function serviceProblems(docs: Manifest[], api: Manifest): string[] {
  const service = docs.find((doc) => doc.kind === "Service" && doc.metadata.name === GLOBECO.service);
  if (!service) return [`no Service ${GLOBECO.service} (the portal resolves that name)`];
  const problems: string[] = [];
  if (service.metadata.namespace !== GLOBECO.namespace)
    problems.push(
      `Service ${GLOBECO.service} is in namespace ${text(service.metadata.namespace)}, not ${GLOBECO.namespace}`,
    );
  if (!selects(labelsOf(get(service, "spec", "selector")), podLabels(api)))
    problems.push(`Service ${GLOBECO.service} does not select the api pods`);
  const port = list(get(service, "spec", "ports")).find((candidate) => get(candidate, "port") === GLOBECO.port);
  if (!port) return [...problems, `Service ${GLOBECO.service} has no port ${GLOBECO.port}`];
  const target = get(port, "targetPort");
  const containerPort = list(get(firstContainer(api), "ports")).find(
    (candidate) => get(candidate, "name") === target || get(candidate, "containerPort") === target,
  );
  if (get(containerPort, "containerPort") !== GLOBECO.port)
    problems.push(
      `Service ${GLOBECO.service}:${GLOBECO.port} targets ${text(target)}, not the api's port ${GLOBECO.port}`,
    );
  return problems;
}

function budgetProblems(api: Manifest): string[] {
  const problems: string[] = [];
  const resources = get(firstContainer(api), "resources");
  for (const kind of ["requests", "limits"]) {
    const cpu = cpuMillis(get(resources, kind, "cpu"));
    const memory = memoryBytes(get(resources, kind, "memory"));
    if (!(cpu <= GLOBECO.apiBudget.cpuMillis))
      problems.push(`${describe(api)}: ${kind}.cpu ${text(get(resources, kind, "cpu"))} exceeds the original's 589m`);
    if (!(memory <= GLOBECO.apiBudget.memoryBytes))
      problems.push(
        `${describe(api)}: ${kind}.memory ${text(get(resources, kind, "memory"))} exceeds the original's 700Mi`,
      );
  }
  return problems;
}

function chartEnvProblems(workload: Manifest, configMaps: Manifest[], chart: Map<string, Setting>): string[] {
  const problems: string[] = [];
  for (const [name, expected] of chart) {
    if (GLOBECO.unused.has(name)) continue;
    const actual = settingOf(firstContainer(workload), configMaps, name);
    const show = (setting: Setting | undefined) =>
      setting === undefined
        ? "unset"
        : setting.fieldPath
          ? `fieldRef ${setting.fieldPath}`
          : JSON.stringify(setting.value);
    if (show(actual) !== show(expected))
      problems.push(`${describe(workload)}: ${name} is ${show(actual)}, the chart sets ${show(expected)}`);
  }
  return problems;
}

function redisProblems(docs: Manifest[], configMaps: Manifest[], api: Manifest): string[] {
  const redis = docs.find((doc) => doc.kind === "StatefulSet" && component(doc) === "redis");
  if (!redis) return []; // an external Redis: REDIS_URL comes from the Secret
  const problems: string[] = [];
  const args = list(get(firstContainer(redis), "args"))
    .map((arg) => text(arg))
    .join(" ");
  if (!/--appendonly yes/.test(args)) problems.push(`${describe(redis)}: needs --appendonly yes (SPEC §2)`);
  if (!/--maxmemory-policy noeviction/.test(args))
    problems.push(`${describe(redis)}: needs --maxmemory-policy noeviction (SPEC §2)`);
  const claims = list(get(redis, "spec", "volumeClaimTemplates")).map((claim) => get(claim, "metadata", "name"));
  const data = list(get(firstContainer(redis), "volumeMounts")).find((mount) => get(mount, "mountPath") === "/data");
  if (!data || !claims.includes(get(data, "name")))
    problems.push(`${describe(redis)}: /data must be a volumeClaimTemplate, so the AOF outlives the pod`);
  const service = docs.find(
    (doc) => doc.kind === "Service" && selects(labelsOf(get(doc, "spec", "selector")), podLabels(redis)),
  );
  const url = settingOf(firstContainer(api), configMaps, "REDIS_URL")?.value ?? "";
  if (!service || !new RegExp(`^redis://${service.metadata.name}(\\.|:)`).test(url))
    problems.push(`REDIS_URL ${JSON.stringify(url)} does not point at the included Redis's Service`);
  return problems;
}

/** Problems of the rendered overlays/globeco; `chartEnvFile` is infra/k8s/globeco-chart-env.yaml. */
export function globecoProblems(docs: Manifest[], chartEnvFile: string): string[] {
  const deployments = docs.filter((doc) => doc.kind === "Deployment");
  const api = deployments.find((doc) => component(doc) === "api");
  const worker = deployments.find((doc) => component(doc) === "worker");
  if (!api || !worker) return ["the api and worker Deployments are both needed"];
  const configMaps = docs.filter((doc) => doc.kind === "ConfigMap");
  const chart = chartSettings(chartEnvFile);
  return [
    ...serviceProblems(docs, api),
    ...budgetProblems(api),
    ...chartEnvProblems(api, configMaps, chart),
    ...chartEnvProblems(worker, configMaps, chart),
    ...redisProblems(docs, configMaps, api),
  ];
}
