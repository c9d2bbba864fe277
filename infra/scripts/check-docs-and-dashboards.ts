// The operator-facing side of the observability files: every alert has a summary, a description and
// a runbook entry in the README that its runbook_url points at (and no entry lacks an alert); the
// README metrics table lists every catalogue metric with its type; dashboards are well formed and use
// the provisioned datasource. Usage: tsx infra/scripts/check-docs-and-dashboards.ts
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { staticCatalogue } from "./metrics/catalogue.js";
import { repoRoot } from "./project-facts.js";
import { createReport } from "./report.js";

const report = createReport();
const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
const deploySection = /<!-- section:deploy -->([\s\S]*?)<!-- \/section:deploy -->/.exec(readme)?.[1] ?? "";
if (!deploySection) report.fail("README.md has no <!-- section:deploy --> section");

interface AlertRule {
  alert?: string;
  annotations?: Record<string, string>;
}
const alertFile = parse(readFileSync(path.join(repoRoot, "infra/prometheus/rules/alerts.yml"), "utf8")) as {
  groups: { rules: AlertRule[] }[];
};
const alerts = alertFile.groups.flatMap((group) => group.rules).filter((rule) => rule.alert);
const runbookEntries = new Set([...deploySection.matchAll(/^#{2,6} Runbook: (\S+)\s*$/gm)].map((match) => match[1]));
for (const rule of alerts) {
  const name = rule.alert ?? "";
  const problems: string[] = [];
  if (!rule.annotations?.summary) problems.push("no summary");
  if (!rule.annotations?.description) problems.push("no description");
  const anchor = `README.md#runbook-${name.toLowerCase()}`;
  if (rule.annotations?.runbook_url !== anchor) problems.push(`runbook_url should be ${anchor}`);
  if (!runbookEntries.has(name)) problems.push(`README has no "Runbook: ${name}" heading`);
  if (problems.length === 0) report.ok(`alert ${name}: summary, description, runbook entry`);
  problems.forEach((problem) => report.fail(`alert ${name}: ${problem}`));
}
for (const entry of runbookEntries)
  if (!alerts.some((rule) => rule.alert === entry)) report.fail(`README runbook entry ${entry} has no alert`);

const catalogue = (await staticCatalogue()).filter((family) => !/^ogs_(process|nodejs)_/.test(family.name));
const missing = catalogue.filter(
  (family) => !new RegExp(`^\\|\\s*\`${family.name}\`\\s*\\|\\s*${family.type}\\s*\\|`, "m").test(deploySection),
);
if (missing.length === 0)
  report.ok(`README metrics table lists all ${catalogue.length} catalogue metrics with their types`);
missing.forEach((family) => report.fail(`README metrics table lacks | \`${family.name}\` | ${family.type} |`));

const datasources = parse(
  readFileSync(path.join(repoRoot, "infra/grafana/provisioning/datasources/prometheus.yml"), "utf8"),
) as { datasources: { uid: string }[] };
const uids = new Set(datasources.datasources.map((source) => source.uid));
interface Panel {
  id?: number;
  title?: string;
  type?: string;
  gridPos?: unknown;
  datasource?: { uid?: string };
  targets?: { datasource?: { uid?: string }; expr?: string }[];
}
const dashboardsDir = path.join(repoRoot, "infra/grafana/dashboards");
for (const file of readdirSync(dashboardsDir).filter((name) => name.endsWith(".json"))) {
  const dashboard = JSON.parse(readFileSync(path.join(dashboardsDir, file), "utf8")) as {
    uid?: string;
    title?: string;
    panels?: Panel[];
  };
  const panels = dashboard.panels ?? [];
  const problems: string[] = [];
  if (!dashboard.uid || !dashboard.title) problems.push("needs uid and title");
  const ids = panels.map((panel) => panel.id);
  if (new Set(ids).size !== ids.length || ids.some((id) => typeof id !== "number"))
    problems.push("panel ids must be unique numbers");
  for (const panel of panels.filter((candidate) => candidate.type !== "row")) {
    if (!panel.gridPos) problems.push(`"${panel.title}" has no gridPos`);
    const used = [panel.datasource?.uid, ...(panel.targets ?? []).map((target) => target.datasource?.uid)];
    if (used.some((uid) => !uid || !uids.has(uid)))
      problems.push(`"${panel.title}" uses a datasource other than the provisioned ${[...uids].join(", ")}`);
    if ((panel.targets ?? []).length === 0 || (panel.targets ?? []).some((target) => !target.expr))
      problems.push(`"${panel.title}" has no query`);
  }
  if (problems.length === 0)
    report.ok(`dashboard ${file}: ${panels.length} panels on datasource ${[...uids].join(", ")}`);
  problems.forEach((problem) => report.fail(`dashboard ${file}: ${problem}`));
}
report.finish("runbook, metrics table and dashboards");
