// docker-compose.yml and the Dockerfiles against the deployment rules of SPEC §8 (deploy/*-policy.ts), and the
// variables they set against the configuration schema. Usage: tsx infra/scripts/check-deploy-files.ts
import { execFileSync } from "node:child_process";
import path from "node:path";
import { parse } from "yaml";
import { composeEnvNames, composeProblems } from "./deploy/compose-policy.js";
import { dockerfileProblems } from "./deploy/dockerfile-policy.js";
import { composeTelemetryProblems } from "./deploy/telemetry-policy.js";
import type { Json } from "./k8s/manifest.js";
import { envProblems, repoRoot } from "./project-facts.js";
import { createReport } from "./report.js";

const report = createReport();
const IMAGES = { api: "Dockerfile.api", worker: "Dockerfile.worker", simulators: "Dockerfile.simulators" };
for (const [app, file] of Object.entries(IMAGES)) {
  const problems = dockerfileProblems(path.join(repoRoot, file), app, repoRoot);
  if (problems.length === 0)
    report.ok(
      `${file}: multi-stage, pinned base, npm ci --omit=dev runtime, non-root, tini, HEALTHCHECK, CMD node apps/${app}/dist/main.js`,
    );
  problems.forEach((problem) => report.fail(problem));
}

// `docker-compose config` resolves anchors, defaults and paths exactly as `up` would.
const composeFile = process.env.COMPOSE_FILE_UNDER_TEST ?? path.join(repoRoot, "docker-compose.yml");
const config = parse(
  execFileSync("docker-compose", ["-f", composeFile, "--project-directory", repoRoot, "config"], {
    encoding: "utf8",
    cwd: repoRoot,
  }),
) as Json;
const problems = composeProblems(config, repoRoot);
const env = envProblems(composeEnvNames(config), "docker-compose.yml");
env.warnings.forEach((warning) => process.stdout.write(`  warn  ${warning}\n`));
if (problems.length + env.errors.length === 0)
  report.ok(
    "docker-compose.yml: every service, health checks and ordered depends_on, scalable worker, Redis noeviction + AOF, volumes, known variables",
  );
[...problems, ...env.errors].forEach((problem) => report.fail(problem));
const telemetry = composeTelemetryProblems(config, repoRoot);
if (telemetry.length === 0)
  report.ok(
    "docker-compose.yml traces: the collector's traces pipeline runs from its OTLP receiver to the trace backend, and api, worker and simulators send their spans to it",
  );
telemetry.forEach((problem) => report.fail(`traces: ${problem}`));
report.finish("compose and Dockerfiles");
