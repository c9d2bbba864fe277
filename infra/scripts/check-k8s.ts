// `kubectl kustomize` every deployable kustomization, then validate each manifest offline against
// the Kubernetes and KEDA schemas (k8s/schema.ts) and the fleet's own rules (k8s/*-policy.ts).
// Usage: tsx infra/scripts/check-k8s.ts [dir …] [--globeco dir]
//   (defaults: infra/k8s, infra/k8s/overlays/hpa, --globeco infra/k8s/overlays/globeco). A --globeco
//   directory is installed into the GlobeCo suite's namespace: it must not create it, and must pass
//   k8s/globeco-policy.ts (Service name and port, the chart's variables, the API's budget, Redis).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { DEFAULT_QUEUE_PREFIX } from "../../packages/config/src/index.js";
import { fleetProblems } from "./k8s/fleet-policy.js";
import { asManifests, describe, get, list, text, type Manifest } from "./k8s/manifest.js";
import { checkUnknownFields, validateWithModels } from "./k8s/schema.js";
import { globecoProblems } from "./k8s/globeco-policy.js";
import { telemetryProblems } from "./k8s/telemetry-policy.js";
import { deploymentProblems, referencedSecrets, statefulSetProblems } from "./k8s/workload-policy.js";
import { envDefault, envProblems, repoRoot, scaledQueue, workerShutdownCloseBoundMs } from "./project-facts.js";
import { createReport, type Report } from "./report.js";

const SECRET_EXAMPLE = path.join(repoRoot, "infra/k8s/secret.example.env");
const CHART_ENV = path.join(repoRoot, "infra/k8s/globeco-chart-env.yaml");

function render(dir: string): Manifest[] {
  const text = execFileSync("kubectl", ["kustomize", dir], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const docs = parseAllDocuments(text);
  const errors = docs.flatMap((doc) => doc.errors.map((error) => error.message));
  if (errors.length > 0) throw new Error(`kubectl kustomize ${dir} printed invalid YAML: ${errors.join("; ")}`);
  return asManifests(docs.map((doc) => doc.toJS() as unknown));
}

/** Secret keys the manifests read must be documented in secret.example.env. */
function secretKeyProblems(docs: Manifest[]): string[] {
  const example = readFileSync(SECRET_EXAMPLE, "utf8");
  const documented = new Set([...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]));
  const keys = docs.flatMap((doc) => [
    ...list(get(doc, "spec", "secretTargetRef")).map((ref) => get(ref, "key")),
    ...list(get(doc, "spec", "template", "spec", "containers")).flatMap((c) =>
      list(get(c, "env")).map((v) => get(v, "valueFrom", "secretKeyRef", "key")),
    ),
  ]);
  return keys
    .filter((key): key is string => typeof key === "string" && !documented.has(key))
    .map((key) => `secret key ${key} is not in infra/k8s/secret.example.env`);
}

/**
 * The application variables the manifests set. A Downward API variable that only feeds `$(NAME)` in
 * another variable (the GlobeCo chart's NODE_IP, MY_POD_IP, …) is Kubernetes' helper, not a setting.
 */
function settingNames(docs: Manifest[]): string[] {
  return docs.flatMap((doc) => [
    ...(doc.kind === "ConfigMap" ? Object.keys((get(doc, "data") as Record<string, unknown> | undefined) ?? {}) : []),
    ...list(get(doc, "spec", "template", "spec", "containers")).flatMap((container) => {
      const env = list(get(container, "env"));
      const values = env.map((variable) => text(get(variable, "value"))).join("\n");
      return env
        .filter(
          (variable) =>
            get(variable, "valueFrom", "fieldRef") === undefined ||
            !values.includes(`$(${text(get(variable, "name"))})`),
        )
        .map((variable) => text(get(variable, "name")));
    }),
  ]);
}

async function checkKustomization(dir: string, globeco: boolean, report: Report): Promise<void> {
  process.stdout.write(`${path.relative(repoRoot, dir) || "."}\n`);
  let docs: Manifest[];
  try {
    docs = render(dir);
  } catch (error) {
    report.fail(`kubectl kustomize: ${error instanceof Error ? error.message.trim() : String(error)}`);
    return;
  }
  report.ok(`kubectl kustomize rendered ${docs.length} manifests: ${docs.map(describe).join(", ")}`);
  const schema = await validateWithModels(docs);
  if (schema.length === 0) report.ok(`every manifest matches its Kubernetes/KEDA schema`);
  schema.forEach((problem) => report.fail(`schema: ${problem}`));
  const strict = checkUnknownFields(docs, repoRoot);
  if (strict.length === 0) report.ok("no unknown or misspelt fields (strict type check)");
  strict.forEach((problem) => report.fail(`strict: ${problem}`));
  const deployments = docs.filter((doc) => doc.kind === "Deployment");
  const policy = [
    ...deployments.flatMap(deploymentProblems),
    ...docs.filter((doc) => doc.kind === "StatefulSet").flatMap(statefulSetProblems),
    ...fleetProblems(docs, {
      namespace: "globeco",
      createsNamespace: !globeco,
      defaultShutdownGraceMs: Number(envDefault("SHUTDOWN_GRACE_MS") ?? Number.NaN),
      shutdownCloseBoundMs: workerShutdownCloseBoundMs,
      // QUEUE_PREFIX has no schema default any more: it depends on the mode (one Redis or a cluster).
      defaultQueuePrefix: DEFAULT_QUEUE_PREFIX,
      scaledQueue,
    }),
    ...secretKeyProblems(docs),
    ...telemetryProblems(docs),
  ];
  const env = envProblems(settingNames(docs), "env");
  policy.push(...env.errors);
  if (globeco) {
    const problems = globecoProblems(docs, CHART_ENV);
    if (problems.length === 0)
      report.ok(
        "GlobeCo drop-in: Service globeco-order-generation-service:8088 in globeco selects the api, the chart's variables and values, api within 589m/700Mi, Redis with AOF and noeviction",
      );
    problems.forEach((problem) => report.fail(`globeco: ${problem}`));
  }
  env.warnings.forEach((warning) => process.stdout.write(`  warn  ${warning}\n`));
  if (policy.length === 0)
    report.ok(
      `fleet policy holds (probes, resources, securityContext, PDBs, autoscaling on ${scaledQueue}, spans exported over OTLP); secrets referenced: ${referencedSecrets(deployments).join(", ")}`,
    );
  policy.forEach((problem) => report.fail(`policy: ${problem}`));
}

const args = process.argv.slice(2);
const targets: { dir: string; globeco: boolean }[] = [];
for (let index = 0; index < args.length; index++) {
  const globeco = args[index] === "--globeco";
  const dir = globeco ? args[++index] : args[index];
  if (dir === undefined) throw new Error("--globeco needs a kustomization directory");
  targets.push({ dir, globeco });
}
if (targets.length === 0)
  targets.push(
    { dir: "infra/k8s", globeco: false },
    { dir: "infra/k8s/overlays/hpa", globeco: false },
    { dir: "infra/k8s/overlays/globeco", globeco: true },
  );
const report = createReport();
for (const { dir, globeco } of targets) await checkKustomization(path.resolve(repoRoot, dir), globeco, report);
report.finish("kubernetes manifests");
