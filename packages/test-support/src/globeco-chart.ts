// The GlobeCo chart's environment for the original service (infra/k8s/globeco-chart-env.yaml) as a
// container in a GlobeCo pod sees it: Downward API fields filled in and `$(VAR)` references expanded
// the way the kubelet does. Tests start our processes with it to prove the drop-in (SPEC §1).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const CHART_ENV = fileURLToPath(new URL("../../../infra/k8s/globeco-chart-env.yaml", import.meta.url));

export interface ChartEnvEntry {
  name: string;
  value?: string;
  valueFrom?: { fieldRef?: { fieldPath: string } };
}

/** The chart's `env` list as written (names, literal values, Downward API references). */
export function chartEnvEntries(): ChartEnvEntry[] {
  return (parse(readFileSync(CHART_ENV, "utf8")) as { env: ChartEnvEntry[] }).env;
}

/** The Downward API fields the chart reads, as one GlobeCo pod would report them. */
export const SAMPLE_POD: Record<string, string> = {
  "status.hostIP": "10.0.0.5",
  "status.podIP": "10.1.2.3",
  "metadata.name": "globeco-order-generation-service-5d8f7c9b4-x2k7q",
  "spec.nodeName": "node-1",
  "metadata.namespace": "globeco",
};

/**
 * Kubernetes' dependent variables: `$(NAME)` becomes the value of a variable defined earlier in the
 * list, an unknown reference stays as written, and `$$` is an escaped `$`.
 */
export function expandReferences(value: string, defined: Record<string, string>): string {
  return value.replace(/\$(\$|\(([A-Za-z_][A-Za-z0-9_]*)\))/g, (whole, escaped: string, name?: string) => {
    if (escaped === "$") return "$";
    return name !== undefined && name in defined ? defined[name]! : whole;
  });
}

/** The environment the original's container gets from the chart, in `pod`. */
export function chartEnvironment(pod: Record<string, string> = SAMPLE_POD): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of chartEnvEntries()) {
    const path = entry.valueFrom?.fieldRef?.fieldPath;
    if (path !== undefined) {
      const field = pod[path];
      if (field === undefined) throw new Error(`the sample pod has no ${path} for ${entry.name}`);
      env[entry.name] = field;
    } else {
      env[entry.name] = expandReferences(entry.value ?? "", env);
    }
  }
  return env;
}
