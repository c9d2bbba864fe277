// The fleet description the launcher writes when FLEET_URLS_FILE is set, and the
// Prometheus file_sd target files generated from it for infra/prometheus/prometheus.local.yml.
import { readFileSync } from "node:fs";
import { z } from "zod";

const fleetSchema = z.object({
  api: z.url(),
  workers: z.array(z.url()).min(1, "expected at least one worker"),
  simulators: z.record(z.string(), z.string()).optional(),
  redis: z.string().optional(),
  mongodb: z.string().optional(),
});

export type Fleet = z.infer<typeof fleetSchema>;

export function readFleet(file: string): Fleet {
  const parsed = fleetSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success)
    throw new Error(
      `${file} is not a fleet description: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`,
    );
  return parsed.data;
}

/** One file_sd entry for a metrics base URL: host:port as the target, scheme and path as meta labels. */
export function fileSdEntry(baseUrl: string): { targets: string[]; labels: Record<string, string> } {
  const url = new URL(baseUrl);
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return {
    targets: [`${url.hostname}:${port}`],
    labels: {
      __scheme__: url.protocol.replace(":", ""),
      __metrics_path__: `${url.pathname.replace(/\/$/, "")}/metrics`,
    },
  };
}

/** The metrics URLs of every process, for scraping directly. */
export const metricsUrls = (fleet: Fleet) =>
  [fleet.api, ...fleet.workers].map((base) => `${base.replace(/\/$/, "")}/metrics`);
