// What every Deployment of the fleet must have (SPEC §7, §8): probes on the health endpoints,
// requests and limits, a locked-down securityContext with an emptyDir /tmp, pinned images,
// secrets only by reference, scrape annotations that point at a real port. A StatefulSet (a
// third-party server) needs the same, with probes of its own kind and no scrape annotations.
import { describe, get, isObject, labelsOf, list, selects, text, type Manifest } from "./manifest.js";

const HEALTH = { livenessProbe: "/health/live", readinessProbe: "/health/ready" } as const;

/** `health`: HTTP probes on our /health endpoints; `any`: a third-party server (Redis) with probes of its own kind. */
type ProbeRule = "health" | "any";

function containerProblems(container: unknown, where: string, probes: ProbeRule = "health"): string[] {
  const problems: string[] = [];
  const name = String(get(container, "name"));
  const at = `${where} container ${name}`;
  const portNames = new Set(list(get(container, "ports")).map((port) => get(port, "name")));
  const portNumbers = new Set(list(get(container, "ports")).map((port) => get(port, "containerPort")));
  const image = text(get(container, "image"));
  if (!/:[\w.-]+$/.test(image) || image.endsWith(":latest"))
    problems.push(`${at}: image ${image} is not pinned to a version tag`);
  for (const [probe, path] of Object.entries(HEALTH)) {
    if (probes === "any") {
      if (get(container, probe) === undefined) problems.push(`${at}: no ${probe}`);
      continue;
    }
    const httpGet = get(container, probe, "httpGet");
    if (get(httpGet, "path") !== path) problems.push(`${at}: ${probe} must GET ${path}`);
    const port = get(httpGet, "port");
    if (!portNames.has(port) && !portNumbers.has(port))
      problems.push(`${at}: ${probe} port ${String(port)} is not a container port`);
  }
  for (const kind of ["requests", "limits"]) {
    for (const resource of ["cpu", "memory"]) {
      if (get(container, "resources", kind, resource) === undefined)
        problems.push(`${at}: resources.${kind}.${resource} missing`);
    }
  }
  const security = get(container, "securityContext");
  if (get(security, "allowPrivilegeEscalation") !== false)
    problems.push(`${at}: allowPrivilegeEscalation must be false`);
  if (get(security, "readOnlyRootFilesystem") !== true) problems.push(`${at}: readOnlyRootFilesystem must be true`);
  if (!list(get(security, "capabilities", "drop")).includes("ALL")) problems.push(`${at}: capabilities must drop ALL`);
  for (const source of list(get(container, "env"))) {
    if (get(source, "value") !== undefined && /SECRET|PASSWORD|TOKEN/.test(String(get(source, "name")))) {
      problems.push(`${at}: ${String(get(source, "name"))} has an inline value; reference a Secret instead`);
    }
  }
  return problems;
}

/** Problems of the pod template every workload shares: selector, non-root, locked-down containers, /tmp. */
function podProblems(workload: Manifest, probes: ProbeRule): string[] {
  const where = describe(workload);
  const pod = get(workload, "spec", "template", "spec");
  const problems: string[] = [];
  const templateLabels = labelsOf(get(workload, "spec", "template", "metadata", "labels"));
  if (!selects(labelsOf(get(workload, "spec", "selector", "matchLabels")), templateLabels)) {
    problems.push(`${where}: selector does not match the pod template labels`);
  }
  if (get(pod, "securityContext", "runAsNonRoot") !== true)
    problems.push(`${where}: pod securityContext.runAsNonRoot must be true`);
  const containers = list(get(pod, "containers"));
  if (containers.length === 0) problems.push(`${where}: no containers`);
  containers.forEach((container) => problems.push(...containerProblems(container, where, probes)));

  const emptyDirs = new Set(
    list(get(pod, "volumes"))
      .filter((volume) => isObject(get(volume, "emptyDir")))
      .map((volume) => get(volume, "name")),
  );
  for (const container of containers) {
    const tmp = list(get(container, "volumeMounts")).find((mount) => get(mount, "mountPath") === "/tmp");
    if (!tmp || !emptyDirs.has(get(tmp, "name")))
      problems.push(`${where}: container ${String(get(container, "name"))} needs an emptyDir mounted at /tmp`);
  }
  return problems;
}

/** Problems of one Deployment (ours: health probes and Prometheus annotations); empty when it meets the policy. */
export function deploymentProblems(deployment: Manifest): string[] {
  const where = describe(deployment);
  const containers = list(get(deployment, "spec", "template", "spec", "containers"));
  const problems = podProblems(deployment, "health");

  const annotations = labelsOf(get(deployment, "spec", "template", "metadata", "annotations"));
  if (annotations["prometheus.io/scrape"] !== "true")
    problems.push(`${where}: pod template lacks prometheus.io/scrape: "true"`);
  const scrapePort = Number(annotations["prometheus.io/port"]);
  const ports = containers.flatMap((container) =>
    list(get(container, "ports")).map((port) => get(port, "containerPort")),
  );
  if (!ports.includes(scrapePort))
    problems.push(`${where}: prometheus.io/port ${String(annotations["prometheus.io/port"])} is not a container port`);
  return problems;
}

/** Problems of one StatefulSet (a third-party server such as overlays/globeco's Redis). */
export function statefulSetProblems(statefulSet: Manifest): string[] {
  return podProblems(statefulSet, "any");
}

/** The names of Secrets the workloads reference (envFrom, env valueFrom, volumes). */
export function referencedSecrets(deployments: Manifest[]): string[] {
  const names = new Set<string>();
  for (const deployment of deployments) {
    const pod = get(deployment, "spec", "template", "spec");
    for (const container of list(get(pod, "containers"))) {
      for (const source of list(get(container, "envFrom"))) {
        const name = get(source, "secretRef", "name");
        if (typeof name === "string") names.add(name);
      }
      for (const variable of list(get(container, "env"))) {
        const name = get(variable, "valueFrom", "secretKeyRef", "name");
        if (typeof name === "string") names.add(name);
      }
    }
    for (const volume of list(get(pod, "volumes"))) {
      const name = get(volume, "secret", "secretName");
      if (typeof name === "string") names.add(name);
    }
  }
  return [...names].sort();
}
