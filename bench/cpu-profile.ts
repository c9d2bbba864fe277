// Reads V8 .cpuprofile files (node --cpu-prof) and ranks functions by self time: where a process's CPU goes.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

export interface HotFunction {
  name: string;
  /** Share of the profiled CPU time spent in the function itself. */
  selfShare: number;
  selfMs: number;
}

function label(frame: ProfileNode["callFrame"]): string {
  const where = frame.url.replace(/^file:\/\//, "").replace(/^.*\/node_modules\//, "node_modules/");
  const file = where.replace(process.cwd() + "/", "");
  return `${frame.functionName || "(anonymous)"} ${file ? `${file}:${frame.lineNumber + 1}` : ""}`.trim();
}

/** Self time by function over the profiles in `dir` whose file names contain one of `pids`. */
export function hottest(dir: string, pids: readonly number[], top = 20): { totalMs: number; functions: HotFunction[] } {
  const self = new Map<string, number>();
  let totalMs = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"))) {
    if (!pids.some((pid) => file.includes(`.${pid}.`))) continue;
    const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile;
    const samples = profile.samples?.length ?? 0;
    const durationMs = (profile.endTime - profile.startTime) / 1000;
    const msPerSample = samples > 0 ? durationMs / samples : 0;
    for (const node of profile.nodes) {
      const name = label(node.callFrame);
      if (name.startsWith("(idle)") || name.startsWith("(program)") || name.startsWith("(garbage collector)")) {
        if (!name.startsWith("(garbage collector)")) continue;
      }
      const ms = (node.hitCount ?? 0) * msPerSample;
      self.set(name, (self.get(name) ?? 0) + ms);
      totalMs += ms;
    }
  }
  const functions = [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, ms]) => ({
      name,
      selfMs: Math.round(ms),
      selfShare: totalMs > 0 ? Math.round((ms / totalMs) * 1000) / 10 : 0,
    }));
  return { totalMs: Math.round(totalMs), functions };
}
