// Every PromQL expression the project ships: recording and alert rules (infra/prometheus/rules) and
// dashboard queries (infra/grafana/dashboards), with the names and labels each one refers to.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";

export interface Usage {
  where: string;
  expr: string;
  /** Set for a recording rule: the series it records. */
  records?: string;
  /** Label names an alert's annotations use through {{ $labels.x }}. */
  templateLabels: string[];
}

export interface Selector {
  name: string;
  labels: string[];
}

interface RuleFile {
  groups?: {
    name: string;
    rules?: { record?: string; alert?: string; expr: string; annotations?: Record<string, string> }[];
  }[];
}

export function ruleUsages(rulesDir: string): Usage[] {
  return readdirSync(rulesDir)
    .filter((file) => /\.ya?ml$/.test(file))
    .flatMap((file) => {
      const parsed = parse(readFileSync(path.join(rulesDir, file), "utf8")) as RuleFile;
      return (parsed.groups ?? []).flatMap((group) =>
        (group.rules ?? []).map((rule) => ({
          where: `${file} ${rule.record ?? rule.alert ?? "?"}`,
          expr: rule.expr,
          ...(rule.record ? { records: rule.record } : {}),
          templateLabels: [
            ...JSON.stringify(rule.annotations ?? {}).matchAll(/\$labels\.([A-Za-z_][A-Za-z0-9_]*)/g),
          ].map((match) => match[1] ?? ""),
        })),
      );
    });
}

interface Panel {
  title?: string;
  targets?: { expr?: string }[];
  panels?: Panel[];
}

export function dashboardUsages(dashboardsDir: string): Usage[] {
  return readdirSync(dashboardsDir)
    .filter((file) => file.endsWith(".json"))
    .flatMap((file) => {
      const dashboard = JSON.parse(readFileSync(path.join(dashboardsDir, file), "utf8")) as { panels?: Panel[] };
      const panels = (dashboard.panels ?? []).flatMap((panel) => [panel, ...(panel.panels ?? [])]);
      return panels.flatMap((panel) =>
        (panel.targets ?? []).map((target) => ({
          where: `${file} "${panel.title ?? "?"}"`,
          // Grafana's interval variables are not PromQL; any duration stands in for them.
          expr: (target.expr ?? "").replace(/\$__(rate_interval|interval|range)/g, "5m"),
          templateLabels: [],
        })),
      );
    });
}

/** Series selectors in an expression: `name{label="…",…}` for every name that is not a function or keyword. */
export function selectors(expr: string): Selector[] {
  const withoutStrings = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const found: Selector[] = [];
  for (const match of withoutStrings.matchAll(
    /(?<![A-Za-z0-9_:$.])([A-Za-z_:][A-Za-z0-9_:]*)\s*(\{[^}]*\})?(?!\s*\()/g,
  )) {
    const name = match[1] ?? "";
    if (!/^(ogs[_:]|up$|http_)/.test(name)) continue;
    const labels = [...(match[2] ?? "").matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*(?:=~|!~|!=|=)/g)].map(
      (label) => label[1] ?? "",
    );
    found.push({ name, labels });
  }
  return found;
}

/** Label names used in by/without/on/ignoring/group_left/group_right clauses. */
export function groupingLabels(expr: string): string[] {
  return [...expr.matchAll(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g)].flatMap((match) =>
    (match[1] ?? "")
      .split(",")
      .map((label) => label.trim())
      .filter((label) => label !== ""),
  );
}
