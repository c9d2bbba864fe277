// The chaos suite's output: a table on the terminal (the README's "Chaos suite" table is copied from the
// last full run) and bench-results/chaos.json (chaos-short.json for `--short`).
import { mkdir, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import type { ScenarioReport } from "./scenario.js";

function timingText(report: ScenarioReport): string {
  const timings = Object.entries(report.timings ?? {}).map(
    ([name, seconds]) => `${name.replaceAll("_", " ")} ${seconds} s`,
  );
  return [`${report.seconds} s in all`, ...timings].join("; ");
}

/** A Markdown table: scenario, portfolios, what was checked, time, result. */
export function table(reports: readonly ScenarioReport[]): string {
  const rows = reports.map((r) => [
    r.title,
    String(r.portfolios ?? "—"),
    (r.checked ?? []).join("; ") || "—",
    timingText(r),
    r.result === "passed" ? "passed" : `**FAILED**: ${r.error ?? ""}`,
  ]);
  const header = ["scenario", "portfolios", "checked", "time", "result"];
  return [header, header.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

export async function writeResults(
  reports: readonly ScenarioReport[],
  short: boolean,
  seconds: number,
): Promise<string> {
  const file = short ? "bench-results/chaos-short.json" : "bench-results/chaos.json";
  const summary = {
    measured_at: new Date().toISOString(),
    mode: short ? "short" : "full",
    note: "a real fleet on 127.0.0.1 per scenario; a shared 2-core machine, so times are noisy",
    cpus: cpus().length,
    seconds,
    passed: reports.filter((r) => r.result === "passed").length,
    failed: reports.filter((r) => r.result === "failed").length,
    scenarios: reports,
  };
  await mkdir("bench-results", { recursive: true });
  await writeFile(file, `${JSON.stringify(summary, null, 2)}\n`);
  return file;
}
