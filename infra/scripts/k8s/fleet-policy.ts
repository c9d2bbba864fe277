// Cross-manifest rules of the fleet (SPEC §5.4, §8): one namespace; Services, budgets and
// autoscalers that point at real Deployments; a worker grace period that covers SHUTDOWN_GRACE_MS and the
// worker's close bound after it (its worst-case stop);
// KEDA watching the list where BullMQ keeps the rebalance queue's waiting jobs; no committed secrets.
import { describe, get, labelsOf, list, selects, text, type Manifest } from "./manifest.js";

export interface FleetExpectations {
  namespace: string;
  /**
   * Whether the manifests create the namespace: our own fleet does; an overlay installed into a
   * namespace someone else owns (overlays/globeco) must not, so `kubectl delete -k` never removes it.
   */
  createsNamespace: boolean;
  /** The worker's shutdown grace when neither the Deployment nor the ConfigMap sets it (schema default). */
  defaultShutdownGraceMs: number;
  /** What a worker may take beyond SHUTDOWN_GRACE_MS to exit (apps/worker/src/ops/shutdown-budget.ts). */
  shutdownCloseBoundMs: number;
  /** Default BullMQ key prefix (schema default of QUEUE_PREFIX). */
  defaultQueuePrefix: string;
  /** Queue whose waiting jobs drive the worker count. */
  scaledQueue: string;
}

const component = (doc: Manifest) =>
  labelsOf(get(doc, "spec", "template", "metadata", "labels"))["app.kubernetes.io/component"];

/** A setting as the worker would see it: container env first, then the ConfigMaps it loads. */
function workerSetting(worker: Manifest, configMaps: Manifest[], name: string): string | undefined {
  const container = list(get(worker, "spec", "template", "spec", "containers"))[0];
  const inline = list(get(container, "env")).find((variable) => get(variable, "name") === name);
  if (inline) return String(get(inline, "value"));
  for (const source of list(get(container, "envFrom"))) {
    const map = configMaps.find((candidate) => candidate.metadata.name === get(source, "configMapRef", "name"));
    const value = get(map, "data", name);
    if (typeof value === "string") return value;
  }
  return undefined;
}

function targetsDeployment(kind: string, ref: unknown, deployments: Manifest[], where: string): string[] {
  const name = get(ref, "name");
  return deployments.some((deployment) => deployment.metadata.name === name)
    ? []
    : [`${where}: ${kind} ${String(name)} is not a Deployment here`];
}

export function fleetProblems(docs: Manifest[], expect: FleetExpectations): string[] {
  const problems: string[] = [];
  const of = (kind: string) => docs.filter((doc) => doc.kind === kind);
  const deployments = of("Deployment");
  // Services may also front StatefulSets (overlays/globeco's Redis).
  const workloads = [...deployments, ...of("StatefulSet")];
  const created = of("Namespace").some((ns) => ns.metadata.name === expect.namespace);
  if (expect.createsNamespace && !created) problems.push(`Namespace ${expect.namespace} is not created`);
  if (!expect.createsNamespace && created)
    problems.push(
      `Namespace ${expect.namespace} is created here, but it is not ours: kubectl delete -k would remove it`,
    );
  for (const doc of docs) {
    if (doc.kind !== "Namespace" && doc.metadata.namespace !== expect.namespace)
      problems.push(`${describe(doc)}: namespace ${String(doc.metadata.namespace)}, expected ${expect.namespace}`);
  }
  for (const secret of of("Secret"))
    problems.push(`${describe(secret)}: Secrets are created out of band, never committed`);

  const api = deployments.find((doc) => component(doc) === "api");
  const worker = deployments.find((doc) => component(doc) === "worker");
  if (!api) problems.push("no api Deployment (app.kubernetes.io/component: api)");
  if (!worker) return [...problems, "no worker Deployment (app.kubernetes.io/component: worker)"];

  const graceMs = Number(workerSetting(worker, of("ConfigMap"), "SHUTDOWN_GRACE_MS") ?? expect.defaultShutdownGraceMs);
  const periodSeconds = Number(get(worker, "spec", "template", "spec", "terminationGracePeriodSeconds") ?? 30);
  const worstStopMs = graceMs + expect.shutdownCloseBoundMs;
  if (periodSeconds * 1000 <= worstStopMs)
    problems.push(
      `${describe(worker)}: terminationGracePeriodSeconds ${periodSeconds} s does not exceed the worker's worst-case stop, SHUTDOWN_GRACE_MS ${graceMs} ms + ${expect.shutdownCloseBoundMs} ms of closing`,
    );

  for (const service of of("Service")) {
    const selector = labelsOf(get(service, "spec", "selector"));
    const backing = workloads.find((workload) =>
      selects(selector, labelsOf(get(workload, "spec", "template", "metadata", "labels"))),
    );
    if (!backing) problems.push(`${describe(service)}: selector matches no Deployment or StatefulSet`);
    const portNames = list(get(backing, "spec", "template", "spec", "containers")).flatMap((c) =>
      list(get(c, "ports")).flatMap((p) => [get(p, "name"), get(p, "containerPort")]),
    );
    for (const port of list(get(service, "spec", "ports"))) {
      if (backing && !portNames.includes(get(port, "targetPort")))
        problems.push(
          `${describe(service)}: targetPort ${String(get(port, "targetPort"))} is not a port of ${describe(backing)}`,
        );
    }
  }
  for (const budget of of("PodDisruptionBudget")) {
    const selector = labelsOf(get(budget, "spec", "selector", "matchLabels"));
    if (
      !deployments.some((deployment) =>
        selects(selector, labelsOf(get(deployment, "spec", "template", "metadata", "labels"))),
      )
    )
      problems.push(`${describe(budget)}: selector matches no Deployment`);
  }
  for (const name of ["api", "worker"]) {
    const deployment = name === "api" ? api : worker;
    const covered = of("PodDisruptionBudget").some(
      (budget) =>
        deployment &&
        selects(
          labelsOf(get(budget, "spec", "selector", "matchLabels")),
          labelsOf(get(deployment, "spec", "template", "metadata", "labels")),
        ),
    );
    if (!covered) problems.push(`no PodDisruptionBudget covers the ${name} Deployment`);
  }

  const scalers = [...of("ScaledObject"), ...of("HorizontalPodAutoscaler")].filter(
    (scaler) => get(scaler, "spec", "scaleTargetRef", "name") === worker.metadata.name,
  );
  if (scalers.length !== 1)
    problems.push(`expected exactly one autoscaler for ${describe(worker)}, found ${scalers.length}`);
  for (const hpa of of("HorizontalPodAutoscaler")) {
    problems.push(
      ...targetsDeployment("scaleTargetRef", get(hpa, "spec", "scaleTargetRef"), deployments, describe(hpa)),
    );
    if (Number(get(hpa, "spec", "minReplicas") ?? 1) > Number(get(hpa, "spec", "maxReplicas")))
      problems.push(`${describe(hpa)}: minReplicas > maxReplicas`);
  }
  const prefix = workerSetting(worker, of("ConfigMap"), "QUEUE_PREFIX") ?? expect.defaultQueuePrefix;
  const listKey = `${prefix}:${expect.scaledQueue}:wait`;
  for (const scaled of of("ScaledObject")) {
    const where = describe(scaled);
    problems.push(...targetsDeployment("scaleTargetRef", get(scaled, "spec", "scaleTargetRef"), deployments, where));
    const min = Number(get(scaled, "spec", "minReplicaCount") ?? 0);
    const max = Number(get(scaled, "spec", "maxReplicaCount") ?? 100);
    if (min < 1 || min > max)
      problems.push(
        `${where}: needs 1 <= minReplicaCount <= maxReplicaCount (the workers also run the finalizer and webhook queues), got ${min}..${max}`,
      );
    const redis = list(get(scaled, "spec", "triggers")).filter((trigger) => get(trigger, "type") === "redis");
    if (redis.length === 0) problems.push(`${where}: no redis trigger`);
    for (const trigger of redis) {
      const listName = get(trigger, "metadata", "listName");
      if (listName !== listKey)
        problems.push(
          `${where}: listName ${String(listName)}, but BullMQ keeps ${expect.scaledQueue}'s waiting jobs in ${listKey}`,
        );
      const auth = get(trigger, "authenticationRef", "name");
      // Without a TriggerAuthentication the address must be in the trigger (a Redis without a password).
      const address = get(trigger, "metadata", "address") ?? get(trigger, "metadata", "addressFromEnv");
      if (auth === undefined && address === undefined)
        problems.push(`${where}: the redis trigger has neither an authenticationRef nor an address`);
      if (auth !== undefined && !of("TriggerAuthentication").some((doc) => doc.metadata.name === auth))
        problems.push(`${where}: authenticationRef ${text(auth)} is not a TriggerAuthentication here`);
    }
  }
  return problems;
}
