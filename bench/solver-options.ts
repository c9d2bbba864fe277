// The options mix of bench/solver.ts: each trading option alone and all together at N = 10, 100, 500, on the
// same seeded instances as the plain bench, with the general HiGHS model of the whole formulation solved side
// by side on a subset (README "Trading constraints"). Correctness is checked on every instance: ours must be
// proven (optimal or infeasible), and where the general model proves an optimum both must agree exactly.
import { Dec, computeMarketValue, isPlainRebalance } from "@ogs/domain";
import type { RebalanceInput, RebalanceOptions } from "@ogs/domain";
import { solveRebalance, type RebalanceSolution } from "@ogs/optimizer";
import { randomInstance, seededRandom } from "./solver-instances.js";

export interface OptionsRow {
  instances: number;
  /** Answers proven by a fast path (the core search among them, also counted in `core`) / by the general model inside our solver / infeasible. */
  fast: number;
  core: number;
  general_path: number;
  infeasible: number;
  /** Instances not proven within our time limit (or whose solve failed). */
  not_proven: number;
  /** Instances whose answer differs from the plain problem's (the option binds). */
  changed: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  all_proven: boolean;
  general_instances: number;
  general_timeouts: number;
  general_p50_ms: number;
  /** Our p50 on the general subset's instances that a fast path proved, and the general model's there. */
  fast_subset_p50_ms: number;
  general_fast_subset_p50_ms: number;
  /** Status, objective and tie-break equal wherever the general model proved its answer. */
  agreed: number;
  disagreed: number;
}

type OptionSet = (input: RebalanceInput) => RebalanceOptions;

const eachNth = (input: RebalanceInput, n: number, offset: number) =>
  input.positions.filter((_, i) => i % n === offset).map((p) => p.securityId);
const restrictionsOf = (input: RebalanceInput): RebalanceOptions["restrictions"] => ({
  ...Object.fromEntries(eachNth(input, 10, 0).map((id) => [id, "no_buy"])),
  ...Object.fromEntries(eachNth(input, 10, 3).map((id) => [id, "no_sell"])),
  ...Object.fromEntries(eachNth(input, 10, 7).map((id) => [id, "no_trade"])),
});
/** Round lots: 100 shares under 50, 10 under 500, single shares above. */
const lotsOf = (input: RebalanceInput) =>
  Object.fromEntries(input.positions.map((p) => [p.securityId, p.price.lt(50) ? 100 : p.price.lt(500) ? 10 : 1]));
const share = (input: RebalanceInput, fraction: string) => computeMarketValue(input).times(fraction).toDecimalPlaces(2);

/** The mix: each option alone, then all together. */
export const OPTION_SETS: Record<string, OptionSet> = {
  min_cash: () => ({ minCashFraction: new Dec("0.05") }),
  buy_only: () => ({ mode: "buy_only" }),
  sell_only: () => ({ mode: "sell_only" }),
  restrictions: (input) => ({ restrictions: restrictionsOf(input) }),
  lot_sizes: (input) => ({ lotSizes: lotsOf(input) }),
  min_trade: (input) => ({ minTradeValue: share(input, "0.001") }),
  max_turnover: () => ({ maxTurnover: new Dec("0.01") }),
  costs: () => ({ transactionCostBps: new Dec(10) }),
  all: (input) => ({
    minCashFraction: new Dec("0.02"),
    restrictions: restrictionsOf(input),
    lotSizes: lotsOf(input),
    minTradeValue: share(input, "0.0005"),
    maxTurnover: new Dec("0.02"),
    transactionCostBps: new Dec(10),
  }),
};

export interface OptionsBenchSettings {
  perN: Record<number, number>;
  /** The general model runs on the first K instances of each size and set, within a time budget. */
  generalFirst: Record<number, number>;
  generalLimitS: number;
  generalBudgetS: number;
  /** Our time limit per solve in the mix; an instance past it is not proven (counted, and the run fails). */
  oursLimitS: number;
}

const percentile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil(q * values.length) - 1)] ?? NaN;
const ms = (value: number) => Math.round(value * 1000) / 1000;

/** Times a solve; a solve that throws (HiGHS failing twice) is reported and counted as not proven. */
function timed(work: () => RebalanceSolution, label: string): [RebalanceSolution | undefined, number] {
  const start = performance.now();
  try {
    return [work(), performance.now() - start];
  } catch (error) {
    console.error(`${label}: ${error instanceof Error ? error.message : String(error)}`);
    return [undefined, performance.now() - start];
  }
}

const objectiveOf = (r: RebalanceSolution) => r.drift.plus(r.cost);
const sharesOf = (r: RebalanceSolution) =>
  r.positions.reduce((sum, p) => sum.plus(p.adjustedQuantity.minus(p.originalQuantity).abs()), new Dec(0));
/** Same status, objective and tie-break (shares when no option changes the problem, else traded value). */
const same = (a: RebalanceSolution, b: RebalanceSolution, plain: boolean) =>
  a.status === b.status &&
  objectiveOf(a).eq(objectiveOf(b)) &&
  (plain ? sharesOf(a).eq(sharesOf(b)) : a.turnover.eq(b.turnover));
const sameTrades = (a: RebalanceSolution, b: RebalanceSolution) =>
  a.positions.every((p, i) => p.adjustedQuantity.eq(b.positions[i]?.adjustedQuantity ?? NaN));

/** Lets a HiGHS instance replaced after a WASM failure load its spare between solves (highs-runtime.ts). */
const breathe = () => new Promise((resolve) => setImmediate(resolve));

async function benchSet(
  n: number,
  name: string,
  inputs: RebalanceInput[],
  settings: OptionsBenchSettings,
): Promise<OptionsRow> {
  const times: number[] = [];
  const general: number[] = [];
  const fastSubset: number[] = [];
  const generalFastSubset: number[] = [];
  const counts = { fast: 0, core: 0, general: 0, infeasible: 0, changed: 0, timeouts: 0, agreed: 0, disagreed: 0, unproven: 0 }; // prettier-ignore
  let proven = true;
  let spentMs = 0;
  for (const [k, input] of inputs.entries()) {
    await breathe();
    const options = (OPTION_SETS[name] as OptionSet)(input);
    const label = `options ${name} N=${n} #${k}`;
    const [ours, elapsed] = timed(() => solveRebalance(input, { ...options, timeLimitMs: settings.oursLimitS * 1000 }), label); // prettier-ignore
    times.push(elapsed);
    if (!ours || ours.outcome === "timeout") {
      proven = false;
      counts.unproven += 1;
      if (ours) console.error(`${label}: not proven within the time limit`);
      continue;
    }
    if (ours.status === "infeasible") counts.infeasible += 1;
    else if (ours.path === "general") counts.general += 1;
    else counts.fast += 1;
    if (ours.path === "core-search") counts.core += 1;
    if (!sameTrades(ours, solveRebalance(input))) counts.changed += 1;
    if (k >= (settings.generalFirst[n] ?? 0) || spentMs >= settings.generalBudgetS * 1000) continue;
    const limit = settings.generalLimitS * 1000;
    const [reference, referenceMs] = timed(
      () => solveRebalance(input, { ...options, method: "general", timeLimitMs: limit }),
      `${label} (general)`,
    );
    spentMs += referenceMs;
    general.push(referenceMs);
    if (!reference) continue;
    if (ours.status === "optimal" && ours.path !== "general") {
      fastSubset.push(elapsed);
      generalFastSubset.push(referenceMs);
    }
    if (reference.outcome === "timeout") counts.timeouts += 1;
    else if (same(ours, reference, isPlainRebalance(options))) counts.agreed += 1;
    else {
      counts.disagreed += 1;
      console.error(`options ${name} N=${n} #${k}: ours ${ours.status} ${objectiveOf(ours).toFixed()} vs general ${reference.status} ${objectiveOf(reference).toFixed()}`); // prettier-ignore
    }
  }
  return {
    instances: inputs.length,
    fast: counts.fast,
    core: counts.core,
    general_path: counts.general,
    infeasible: counts.infeasible,
    not_proven: counts.unproven,
    changed: counts.changed,
    p50_ms: ms(percentile(times, 0.5)),
    p99_ms: ms(percentile(times, 0.99)),
    max_ms: ms(Math.max(...times)),
    all_proven: proven,
    general_instances: general.length,
    general_timeouts: counts.timeouts,
    general_p50_ms: ms(percentile(general, 0.5)),
    fast_subset_p50_ms: ms(percentile(fastSubset, 0.5)),
    general_fast_subset_p50_ms: ms(percentile(generalFastSubset, 0.5)),
    agreed: counts.agreed,
    disagreed: counts.disagreed,
  };
}

const HEADER =
  "    N  options        inst  fast  core  gen  inf  unpr  chg  p50 ms  p99 ms   max ms  proven  gen n  g t/o  gen p50  fast-path speed-up  agree  differ";

function printRow(n: number, name: string, row: OptionsRow): void {
  const speedUp = row.general_fast_subset_p50_ms / row.fast_subset_p50_ms;
  const cells = [
    String(n).padStart(5),
    name.padEnd(13),
    String(row.instances).padStart(5),
    String(row.fast).padStart(5),
    String(row.core).padStart(5),
    String(row.general_path).padStart(4),
    String(row.infeasible).padStart(4),
    String(row.not_proven).padStart(5),
    String(row.changed).padStart(4),
    row.p50_ms.toFixed(2).padStart(7),
    row.p99_ms.toFixed(2).padStart(7),
    row.max_ms.toFixed(1).padStart(8),
    String(row.all_proven).padStart(7),
    String(row.general_instances).padStart(6),
    String(row.general_timeouts).padStart(6),
    row.general_p50_ms.toFixed(1).padStart(8),
    (Number.isFinite(speedUp) ? `${speedUp.toFixed(1)}x` : "—").padStart(19),
    String(row.agreed).padStart(6),
    String(row.disagreed).padStart(7),
  ];
  console.log(cells.join(" "));
}

/**
 * The solver-options targets, from the rows: N=100 p99 ≤ 100 ms and ≥ 5× the general p50 where a fast path applies,
 * N=500 p99 ≤ 1 s.
 */
export function targetsOf(rows: Record<string, Record<string, OptionsRow>>): Record<string, boolean> {
  const sets = (n: number) => Object.values(rows[String(n)] ?? {});
  return {
    n100_p99_within_100ms: sets(100).every((r) => r.p99_ms <= 100),
    n100_fast_path_5x_faster: sets(100).every(
      (r) => !(r.fast_subset_p50_ms > 0) || r.general_fast_subset_p50_ms >= 5 * r.fast_subset_p50_ms,
    ),
    n500_p99_within_1s: sets(500).every((r) => r.p99_ms <= 1000),
    all_proven: Object.values(rows).every((byName) => Object.values(byName).every((r) => r.all_proven)),
    general_agrees: Object.values(rows).every((byName) => Object.values(byName).every((r) => r.disagreed === 0)),
  };
}

/** Runs the mix, prints the table and the targets; returns the rows and whether anything was wrong. */
export async function benchOptions(settings: OptionsBenchSettings): Promise<{
  rows: Record<string, Record<string, OptionsRow>>;
  targets: Record<string, boolean>;
  failed: boolean;
}> {
  const rows: Record<string, Record<string, OptionsRow>> = {};
  let failed = false;
  console.log(HEADER);
  for (const n of Object.keys(settings.perN).map(Number)) {
    const random = seededRandom(1000 + n);
    const inputs = Array.from({ length: settings.perN[n] ?? 0 }, (_, k) =>
      randomInstance(n, random, k % 10 === 9 ? "cash-bound" : "realistic"),
    );
    rows[String(n)] = {};
    for (const name of Object.keys(OPTION_SETS)) {
      const row = await benchSet(n, name, inputs, settings);
      (rows[String(n)] as Record<string, OptionsRow>)[name] = row;
      failed ||= !row.all_proven || row.disagreed > 0;
      printRow(n, name, row);
    }
  }
  const targets = targetsOf(rows);
  console.log(
    `targets: ${Object.entries(targets)
      .map(([k, v]) => `${k} ${v ? "met" : "MISSED"}`)
      .join(", ")}`,
  );
  return { rows, targets, failed };
}
