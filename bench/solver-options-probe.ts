// `npx tsx bench/solver-options-probe.ts` (after `npm run build`): one option set of the options mix
// (bench/solver-options.ts) on the same seeded instances, each solved once by ours within the limit: lists
// the instances not proven, with the path, time and CPU time of every slow one, and the CPU time per solve;
// it can dump one instance as a `solve` CLI problem to study it.
// Flags: --set=NAME (default all; `plain` for none), --sizes=10,100 (default 10,100), --limit=S (default 10),
// --slow=MS (list proven solves slower than this, default 100), --dump=N:K (write instance K of size N
// to bench-results/probe-N-K.json and stop).
import { mkdirSync, writeFileSync } from "node:fs";
import type { RebalanceInput, RebalanceOptions } from "@ogs/domain";
import { solveRebalance } from "@ogs/optimizer";
import { randomInstance, seededRandom } from "./solver-instances.js";
import { OPTION_SETS } from "./solver-options.js";

/** The mix's instance counts per size (bench/solver.ts, full run). */
const PER_N: Record<number, number> = { 10: 60, 100: 60, 500: 20 };

const argument = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const setName = argument("set") ?? "all";
const sizes = (argument("sizes") ?? "10,100").split(",").map(Number);
const limitS = Number(argument("limit") ?? 10);
const slowMs = Number(argument("slow") ?? 100);
const dump = argument("dump");

/** The instances of one size, exactly as benchOptions draws them. */
function instancesOf(n: number): RebalanceInput[] {
  const random = seededRandom(1000 + n);
  return Array.from({ length: PER_N[n] ?? 0 }, (_, k) =>
    randomInstance(n, random, k % 10 === 9 ? "cash-bound" : "realistic"),
  );
}

const text = (value: { toFixed(): string }) => value.toFixed();

/** The instance in the `solve` CLI's problem format (instance-format.ts), options per instance. */
function problemJson(input: RebalanceInput, options: RebalanceOptions): unknown {
  const lots = options.lotSizes ?? {};
  return {
    cash: text(input.cash),
    options: {
      ...(options.minCashFraction ? { min_cash_fraction: text(options.minCashFraction) } : {}),
      ...(options.minTradeValue ? { min_trade_value: text(options.minTradeValue) } : {}),
      ...(options.maxTurnover ? { max_turnover: text(options.maxTurnover) } : {}),
      ...(options.transactionCostBps ? { transaction_cost_bps: text(options.transactionCostBps) } : {}),
      ...(options.mode ? { mode: options.mode } : {}),
      ...(options.restrictions ? { restrictions: options.restrictions } : {}),
    },
    positions: input.positions.map((p) => ({
      security_id: p.securityId,
      quantity: text(p.quantity),
      price: text(p.price),
      target: text(p.target),
      low_drift: text(p.lowDrift),
      high_drift: text(p.highDrift),
      ...(lots[p.securityId] !== undefined && lots[p.securityId] !== 1 ? { lot_size: lots[p.securityId] } : {}),
    })),
  };
}

// `plain`: no options at all (the no-option path, for paired before/after runs).
const optionSet = setName === "plain" ? () => ({}) : OPTION_SETS[setName];
if (!optionSet) throw new Error(`unknown option set ${setName}: ${Object.keys(OPTION_SETS).join(", ")}`);

if (dump) {
  const [n, k] = dump.split(":").map(Number) as [number, number];
  const input = instancesOf(n)[k];
  if (!input) throw new Error(`no instance ${k} at N = ${n}`);
  mkdirSync("bench-results", { recursive: true });
  const file = `bench-results/probe-${n}-${k}.json`;
  writeFileSync(file, `${JSON.stringify(problemJson(input, optionSet(input)), null, 2)}\n`);
  console.log(`wrote ${file}`);
} else {
  for (const n of sizes) {
    const unproven: number[] = [];
    const cpuTimes: number[] = [];
    const started = performance.now();
    for (const [k, input] of instancesOf(n).entries()) {
      const begin = performance.now();
      const cpu = process.cpuUsage();
      const solution = solveRebalance(input, { ...optionSet(input), timeLimitMs: limitS * 1000 });
      const elapsed = performance.now() - begin;
      const used = process.cpuUsage(cpu);
      const cpuMs = (used.user + used.system) / 1000;
      cpuTimes.push(cpuMs);
      if (solution.outcome === "timeout") unproven.push(k);
      if (solution.outcome === "timeout" || elapsed > slowMs)
        console.log(`N=${n} #${k}: ${solution.outcome} path ${solution.path} ${elapsed.toFixed(1)} ms (CPU ${cpuMs.toFixed(1)} ms)`); // prettier-ignore
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const sorted = cpuTimes.sort((a, b) => a - b);
    const at = (q: number) => (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN).toFixed(1);
    console.log(`N=${n} ${setName}: ${unproven.length} unproven [${unproven.join(", ")}] (${seconds} s; CPU per solve p50 ${at(0.5)} ms, p99 ${at(0.99)} ms)`); // prettier-ignore
  }
}
