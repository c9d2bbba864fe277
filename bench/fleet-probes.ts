// Measurement helpers of the fleet bench: Prometheus text sums, percentiles, and RSS sampling of every
// fleet process from /proc (Linux).
import { readdirSync, readFileSync } from "node:fs";

/** Sum of every sample of `name` whose labels contain all of `labels` (e.g. `queue="rebalance-portfolios"`). */
export function metricSum(text: string, name: string, ...labels: string[]): number {
  let total = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!labels.every((label) => line.includes(label))) continue;
    total += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return total;
}

export async function scrapeAll(urls: readonly string[]): Promise<string> {
  return (await Promise.all(urls.map(async (url) => (await fetch(`${url}/metrics`)).text()))).join("\n");
}

/** Nearest-rank percentile of an unsorted list; 0 for an empty one. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function rssMb(pid: number): number | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8")
      .split("\n")
      .find((l) => l.startsWith("VmRSS:"));
    return line ? Number(line.split(/\s+/)[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export interface RssSeries {
  first: number;
  max: number;
  last: number;
  samples: number;
}

/** Samples the RSS of each process every `intervalMs` until `stop()`; returns MB per process name. */
export function sampleRss(processes: ReadonlyArray<{ name: string; pid: number }>, intervalMs = 500) {
  const series = new Map<string, RssSeries>();
  const sample = () => {
    for (const { name, pid } of processes) {
      const mb = rssMb(pid);
      if (mb === undefined) continue;
      const s = series.get(name);
      if (!s) series.set(name, { first: mb, max: mb, last: mb, samples: 1 });
      else Object.assign(s, { max: Math.max(s.max, mb), last: mb, samples: s.samples + 1 });
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop(): Record<string, RssSeries> {
      clearInterval(timer);
      sample();
      const round = (n: number) => Math.round(n * 10) / 10;
      return Object.fromEntries(
        [...series].map(([name, s]) => [
          name,
          { first: round(s.first), max: round(s.max), last: round(s.last), samples: s.samples },
        ]),
      );
    },
  };
}

/**
 * CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat (or one thread's, from its
 * task stat); undefined when it is gone.
 */
export function cpuSeconds(pid: number, statPath = `/proc/${pid}/stat`): number | undefined {
  try {
    const stat = readFileSync(statPath, "utf8");
    // Fields after the command name (which may contain spaces) start at ")"; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** CPU seconds each process used between two readings, by process name. */
export function cpuDelta(processes: ReadonlyArray<{ name: string; pid: number }>): () => Record<string, number> {
  const before = new Map(processes.map(({ name, pid }) => [name, cpuSeconds(pid) ?? 0]));
  return () =>
    Object.fromEntries(
      processes.map(({ name, pid }) => [
        name,
        Math.round(((cpuSeconds(pid) ?? 0) - (before.get(name) ?? 0)) * 100) / 100,
      ]),
    );
}

/** CPU seconds of each thread of a process (Linux /proc/<pid>/task), by thread id; empty when it is gone. */
function threadCpuSeconds(pid: number): Map<number, number> {
  const threads = new Map<number, number>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return threads;
  }
  for (const tid of tids) {
    const seconds = cpuSeconds(Number(tid), `/proc/${pid}/task/${tid}/stat`);
    if (seconds !== undefined) threads.set(Number(tid), seconds);
  }
  return threads;
}

/**
 * CPU seconds the processes' main threads (thread id = pid) and all their other threads (solver threads, V8's
 * compiler and GC helpers, libuv) used between two readings, summed: where a worker's CPU goes. Node 20
 * leaves every thread named "node", so the other threads are one figure.
 */
export function threadSplitDelta(pids: readonly number[]): () => { main: number; other: number } {
  const before = new Map(pids.map((pid) => [pid, threadCpuSeconds(pid)]));
  return () => {
    let main = 0;
    let other = 0;
    for (const pid of pids)
      for (const [tid, seconds] of threadCpuSeconds(pid)) {
        const used = seconds - (before.get(pid)?.get(tid) ?? 0);
        if (tid === pid) main += used;
        else other += used;
      }
    return { main: Math.round(main * 100) / 100, other: Math.round(other * 100) / 100 };
  };
}
