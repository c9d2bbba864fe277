// Traces from the cluster (SPEC §7): the api and worker containers of every kustomization export their spans
// over OTLP. Their OTEL_* settings — ConfigMap and container env, Downward API fields filled in as one pod
// would report them and `$(VAR)` expanded as the kubelet does — must resolve, through @ogs/config itself,
// to a trace export without problems.
import { resolveTelemetry, telemetryEnv } from "../../../packages/config/src/index.js";
import { describe, get, labelsOf, list, text, type Manifest } from "./manifest.js";

/** What one pod's Downward API reports, for the fields the manifests read. */
const SAMPLE_POD: Record<string, string> = {
  "status.hostIP": "10.0.0.5",
  "status.podIP": "10.1.2.3",
  "metadata.name": "ogs-pod-0",
  "spec.nodeName": "node-1",
  "metadata.namespace": "globeco",
};

/** The environment one container sees: its ConfigMaps first, then its own `env` in order (kubelet rules). */
function environmentOf(container: unknown, configMaps: Manifest[]): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const source of list(get(container, "envFrom"))) {
    const map = configMaps.find((candidate) => candidate.metadata.name === get(source, "configMapRef", "name"));
    for (const [name, value] of Object.entries((get(map, "data") as Record<string, unknown> | undefined) ?? {}))
      environment[name] = String(value);
  }
  for (const variable of list(get(container, "env"))) {
    const fieldPath = get(variable, "valueFrom", "fieldRef", "fieldPath");
    const raw = typeof fieldPath === "string" ? (SAMPLE_POD[fieldPath] ?? "") : text(get(variable, "value"));
    environment[text(get(variable, "name"))] = raw.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string) =>
      name in environment ? (environment[name] ?? "") : whole,
    );
  }
  return environment;
}

export function telemetryProblems(docs: Manifest[]): string[] {
  const configMaps = docs.filter((doc) => doc.kind === "ConfigMap");
  const problems: string[] = [];
  for (const workload of docs.filter((doc) => doc.kind === "Deployment")) {
    const component = labelsOf(get(workload, "spec", "template", "metadata", "labels"))["app.kubernetes.io/component"];
    if (component !== "api" && component !== "worker") continue;
    const container = list(get(workload, "spec", "template", "spec", "containers"))[0];
    const otel = Object.fromEntries(
      Object.entries(environmentOf(container, configMaps)).filter(([name]) => name.startsWith("OTEL_")),
    );
    const parsed = telemetryEnv.safeParse(otel);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push(`${describe(workload)}: ${issue.path.join(".")} ${issue.message}`);
      continue;
    }
    const { telemetry, problems: resolved } = resolveTelemetry(parsed.data);
    for (const problem of resolved) problems.push(`${describe(workload)}: ${problem.message}`);
    if (!telemetry.traces)
      problems.push(`${describe(workload)}: exports no spans (set OTEL_EXPORTER_OTLP_ENDPOINT in the ConfigMap)`);
  }
  return problems;
}
