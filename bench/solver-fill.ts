// `npm run bench:solver -- --fill-only`: the fill search (README "How it solves") on the demo's rebalance — the
// 30 simulator portfolios of `npm run demo` (seed 42) against a model of their 8 most held securities at 10 %
// each, allowed 0–14 % — solved plain and with {"mode": "buy_only", "min_trade_value": "1000"}, each solve
// timed in CPU and wall time; with --fill-general the general HiGHS model runs beside ours and must agree.
import { Dec } from "@ogs/domain";
import type { RebalanceInput, RebalanceOptions } from "@ogs/domain";
import { solveRebalance } from "@ogs/optimizer";
import { generateDataset } from "../apps/simulators/src/dataset/generate.js";

const PORTFOLIOS = 30;
const SECURITIES = 8;
const OPTIONS: RebalanceOptions = { mode: "buy_only", minTradeValue: new Dec(1000) };

/** The demo's portfolios as solver inputs (the model as in apps/launcher/src/demo.ts, the band from 0). */
export function demoInputs(lowDrift = "0.1"): RebalanceInput[] {
  const dataset = generateDataset({ seed: 42, portfolios: 1000, securities: 500, holdingsPerPortfolio: 20 });
  const price = new Map(dataset.securities.map((s) => [s.security_id, s.price]));
  const portfolios = dataset.portfolios.filter((p) => (p.holdings?.length ?? 0) > 0).slice(0, PORTFOLIOS);
  const held = new Map<string, number>();
  for (const p of portfolios) for (const h of p.holdings ?? []) held.set(h.security_id, (held.get(h.security_id) ?? 0) + 1); // prettier-ignore
  const model = [...held]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, SECURITIES)
    .map(([id]) => id);
  return portfolios.map((p) => {
    const quantities = new Map((p.holdings ?? []).map((h) => [h.security_id, new Dec(h.quantity)]));
    const ids = [...model, ...[...quantities.keys()].filter((id) => !model.includes(id))];
    return {
      cash: new Dec(p.cash ?? "0"),
      positions: ids.map((securityId) => {
        const inModel = model.includes(securityId);
        return {
          securityId,
          quantity: quantities.get(securityId) ?? new Dec(0),
          price: new Dec(price.get(securityId) ?? "0"),
          target: new Dec(inModel ? "0.1" : "0"),
          lowDrift: new Dec(inModel ? lowDrift : "0"),
          highDrift: new Dec(inModel ? "0.04" : "0"),
        };
      }),
    };
  });
}

interface RunFigures {
  paths: Record<string, number>;
  cpu_p50_ms: number;
  cpu_p99_ms: number;
  cpu_max_ms: number;
  wall_p50_ms: number;
  wall_max_ms: number;
}

const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
const round = (ms: number) => Math.round(ms * 100) / 100;

/** Each input solved `repeats` times (after one warm-up pass); p99 over all solves. */
function timeRun(inputs: readonly RebalanceInput[], options: RebalanceOptions, repeats: number): RunFigures {
  const paths: Record<string, number> = {};
  for (const input of inputs) {
    const path = solveRebalance(input, options).path;
    paths[path] = (paths[path] ?? 0) + 1;
  }
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let r = 0; r < repeats; r += 1)
    for (const input of inputs) {
      const started = performance.now();
      const before = process.cpuUsage();
      solveRebalance(input, options);
      const used = process.cpuUsage(before);
      cpu.push((used.user + used.system) / 1000);
      wall.push(performance.now() - started);
    }
  cpu.sort((a, b) => a - b);
  wall.sort((a, b) => a - b);
  return {
    paths,
    cpu_p50_ms: round(quantile(cpu, 0.5)),
    cpu_p99_ms: round(quantile(cpu, 0.99)),
    cpu_max_ms: round(cpu[cpu.length - 1] ?? Number.NaN),
    wall_p50_ms: round(quantile(wall, 0.5)),
    wall_max_ms: round(wall[wall.length - 1] ?? Number.NaN),
  };
}

/** How many of the option solves the general model answers the same (objective and traded value); its times. */
function againstGeneral(inputs: readonly RebalanceInput[]) {
  let agreed = 0;
  const times: number[] = [];
  for (const input of inputs) {
    const ours = solveRebalance(input, OPTIONS);
    const started = performance.now();
    const general = solveRebalance(input, { ...OPTIONS, method: "general" });
    times.push(performance.now() - started);
    const same = ours.drift.plus(ours.cost).eq(general.drift.plus(general.cost)) && ours.turnover.eq(general.turnover);
    if (same && ours.status === general.status) agreed += 1;
  }
  times.sort((a, b) => a - b);
  return { agreed, of: inputs.length, general_p50_ms: round(quantile(times, 0.5)), general_max_ms: round(times[times.length - 1] ?? Number.NaN) }; // prettier-ignore
}

/** The bench: plain run, option run, optionally the general model; `failed` when an option solve was not proven. */
export function benchFill(settings: { repeats: number; general: boolean }) {
  const inputs = demoInputs();
  const plain = timeRun(inputs, {}, settings.repeats);
  const withOptions = timeRun(inputs, OPTIONS, settings.repeats);
  const general = settings.general ? againstGeneral(inputs) : undefined;
  const unproven = Object.entries(withOptions.paths).filter(([path]) => path === "none").reduce((n, [, c]) => n + c, 0); // prettier-ignore
  return { plain, options: withOptions, general, failed: unproven > 0 || (general !== undefined && general.agreed < general.of) }; // prettier-ignore
}
