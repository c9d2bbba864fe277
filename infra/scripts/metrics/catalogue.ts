// The set of series the services export, with their label names: statically from the catalogue
// (packages/observability/src/metrics.ts, prom-client defaults included) or from real scrapes
// (Prometheus text dumps in files or /metrics URLs), so rules and dashboards can be checked against either.
import { readFileSync } from "node:fs";
import { createMetrics } from "../../../packages/observability/src/metrics.js";

export interface Family {
  name: string;
  type: string;
  help: string;
  labels: Set<string>;
}

/** Labels every scraped series may carry besides its own: the registry default (`app`, see packages/observability) and the target labels. */
export const AMBIENT_LABELS = ["app", "job", "instance"];

/** Sample names of a family as they appear in PromQL (histograms expose _bucket, _sum, _count). */
export function sampleNames(family: Family): string[] {
  if (family.type === "histogram") return [`${family.name}_bucket`, `${family.name}_sum`, `${family.name}_count`];
  if (family.type === "summary") return [family.name, `${family.name}_sum`, `${family.name}_count`];
  return [family.name];
}

export async function staticCatalogue(): Promise<Family[]> {
  const { registry } = createMetrics("catalogue");
  const families = await registry.getMetricsAsJSON();
  return families.map((family) => ({
    name: family.name,
    // prom-client types MetricType as an enum; at run time it is the exposition type name.
    type: String(family.type),
    help: family.help,
    // Declared label names are kept on every metric object but not in prom-client's typings.
    labels: new Set((registry.getSingleMetric(family.name) as { labelNames?: string[] } | undefined)?.labelNames ?? []),
  }));
}

/** Parses Prometheus text exposition format into families (labels seen on any sample). */
export function parseExposition(text: string): Family[] {
  const families = new Map<string, Family>();
  const family = (name: string) => {
    const existing = families.get(name);
    if (existing) return existing;
    const created: Family = { name, type: "untyped", help: "", labels: new Set() };
    families.set(name, created);
    return created;
  };
  for (const line of text.split("\n")) {
    const meta = /^# (TYPE|HELP) (\S+) (.*)$/.exec(line);
    if (meta) {
      const target = family(meta[2] ?? "");
      if (meta[1] === "TYPE") target.type = meta[3] ?? "untyped";
      else target.help = meta[3] ?? "";
      continue;
    }
    const sample = /^([A-Za-z_:][A-Za-z0-9_:]*)(?:\{(.*)\})?\s/.exec(line);
    if (!sample?.[1]) continue;
    const base = [...families.keys()].find((name) =>
      [name, `${name}_bucket`, `${name}_sum`, `${name}_count`].includes(sample[1] ?? ""),
    );
    const target = family(base ?? sample[1]);
    for (const match of (sample[2] ?? "").matchAll(/([A-Za-z_][A-Za-z0-9_]*)="/g))
      if (match[1] !== "le" && match[1] !== "quantile") target.labels.add(match[1] ?? "");
  }
  return [...families.values()];
}

/** Loads one scrape: a file path or an http(s) URL of a /metrics endpoint. */
export async function scrape(source: string): Promise<Family[]> {
  if (/^https?:\/\//.test(source)) {
    const response = await fetch(source, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`${source} answered ${response.status}`);
    return parseExposition(await response.text());
  }
  return parseExposition(readFileSync(source, "utf8"));
}

/** Union of several catalogues (e.g. the api's and each worker's scrape). */
export function mergeFamilies(lists: Family[][]): Map<string, Family> {
  const merged = new Map<string, Family>();
  for (const family of lists.flat()) {
    const existing = merged.get(family.name);
    if (!existing) merged.set(family.name, { ...family, labels: new Set(family.labels) });
    else for (const label of family.labels) existing.labels.add(label);
  }
  return merged;
}
