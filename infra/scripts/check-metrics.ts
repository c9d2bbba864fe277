// Every metric a rule or a dashboard query names must be one the services export, with the labels
// it filters or groups by; every recorded series used must be recorded by a rule; every
// {{ $labels.x }} in an alert must be a label of its expression.
// Usage: tsx infra/scripts/check-metrics.ts [--scrape FILE|URL …]
//   without --scrape: against the static catalogue (packages/observability/src/metrics.ts + prom-client defaults)
//   with --scrape: against live scrapes (text dumps or /metrics URLs of the api and workers)
import path from "node:path";
import {
  AMBIENT_LABELS,
  mergeFamilies,
  sampleNames,
  scrape,
  staticCatalogue,
  type Family,
} from "./metrics/catalogue.js";
import { dashboardUsages, groupingLabels, ruleUsages, selectors, type Usage } from "./metrics/usages.js";
import { repoRoot } from "./project-facts.js";
import { createReport } from "./report.js";

/** Series Prometheus itself provides for every target. */
const BUILTIN: Record<string, string[]> = { up: [] };

const scrapes = process.argv.flatMap((arg, index, all) => (all[index - 1] === "--scrape" ? [arg] : []));
const staticFamilies = await staticCatalogue();
const exported =
  scrapes.length > 0 ? mergeFamilies(await Promise.all(scrapes.map(scrape))) : mergeFamilies([staticFamilies]);
// Labels: a family that has not been observed yet shows none in a scrape; its declaration still counts.
const declared = mergeFamilies([staticFamilies, [...exported.values()]]);

const labelsBySample = new Map<string, Set<string>>();
for (const family of exported.values()) {
  for (const sample of sampleNames(family)) {
    const labels = new Set([...(declared.get(family.name)?.labels ?? []), ...AMBIENT_LABELS]);
    if (sample.endsWith("_bucket")) labels.add("le");
    labelsBySample.set(sample, labels);
  }
}
for (const [name, labels] of Object.entries(BUILTIN)) labelsBySample.set(name, new Set([...labels, "job", "instance"]));

const usages: Usage[] = [
  ...ruleUsages(path.join(repoRoot, "infra/prometheus/rules")),
  ...dashboardUsages(path.join(repoRoot, "infra/grafana/dashboards")),
];
const recorded = new Map(usages.filter((usage) => usage.records).map((usage) => [usage.records ?? "", usage]));

/** Labels an expression's series can carry: raw metrics' labels, through recording rules transitively. */
function availableLabels(expr: string, seen = new Set<string>()): Set<string> {
  const labels = new Set<string>();
  for (const { name } of selectors(expr)) {
    const rule = recorded.get(name);
    if (rule && !seen.has(name))
      for (const label of availableLabels(rule.expr, new Set([...seen, name]))) labels.add(label);
    for (const label of labelsBySample.get(name) ?? []) labels.add(label);
  }
  return labels;
}

const report = createReport();
const source = scrapes.length > 0 ? `live scrape of ${scrapes.join(", ")}` : "the static catalogue";
let names = 0;
for (const usage of usages) {
  const available = availableLabels(usage.expr);
  const problems: string[] = [];
  for (const { name, labels } of selectors(usage.expr)) {
    names += 1;
    const rule = recorded.get(name);
    if (name.includes(":")) {
      if (!rule) problems.push(`${name} is not recorded by any rule`);
      else
        for (const label of labels.filter((label) => !availableLabels(rule.expr).has(label)))
          problems.push(`${name} has no label ${label}`);
      continue;
    }
    const own = labelsBySample.get(name);
    if (!own) problems.push(`${name} is not exported (${source})`);
    else for (const label of labels.filter((label) => !own.has(label))) problems.push(`${name} has no label ${label}`);
  }
  for (const label of [...groupingLabels(usage.expr), ...usage.templateLabels]) {
    if (!available.has(label)) problems.push(`label ${label} is not carried by the series in the expression`);
  }
  if (selectors(usage.expr).length === 0) problems.push("names no metric");
  [...new Set(problems)].forEach((problem) => report.fail(`${usage.where}: ${problem}`));
}
const families = [...exported.values()].filter((family: Family) => family.name.startsWith("ogs_")).length;
if (report.failures === 0)
  report.ok(
    `${usages.length} expressions, ${names} series references, all exported by ${source} (${families} ogs_ families)`,
  );
report.finish("metric names");
