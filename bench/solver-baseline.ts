// Baselines for bench/solver.ts: one plain HiGHS solve of the straightforward §5.1 formulation, and
// the naive heuristic (round to nearest, then repair the cash by selling).
import highsEntry from "highs";
import type { Highs } from "highs";
import { Dec } from "@ogs/domain";
import type { RebalanceInput } from "@ogs/domain";

type Loader = (typeof highsEntry)["default"];
const loadHighs: Loader = typeof highsEntry === "function" ? highsEntry : highsEntry.default;
const highs: Highs = await loadHighs();

/**
 * Integer u'ᵢ within float-computed band bounds, continuous dᵢ ≥ |MV·tᵢ − u'ᵢpᵢ|, Σ u'ᵢpᵢ ≤ MV,
 * minimise Σ dᵢ; zero gap so its optimum can be compared with ours. `optimal` carries the quantities;
 * `timeout` means no proof within the time limit; `other` is any other HiGHS status (e.g. infeasible
 * because a float-rounded bound cut off the only solutions).
 */
export type BaselineOutcome = { status: "optimal"; quantities: Dec[] } | { status: "timeout" | "other" };

export function solveBaseline(input: RebalanceInput, marketValue: Dec, timeLimitSeconds = 60): BaselineOutcome {
  const n = input.positions.length;
  const mv = marketValue.toNumber();
  const colCost: number[] = [];
  const colLower: number[] = [];
  const colUpper: number[] = [];
  const integrality: (0 | 1)[] = [];
  const rowLower: number[] = [];
  const rowUpper: number[] = [];
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const addRow = (lower: number, upper: number, entries: [number, number][]) => {
    rowLower.push(lower);
    rowUpper.push(upper);
    for (const [col, value] of entries) {
      indices.push(col);
      values.push(value);
    }
    starts.push(indices.length);
  };
  input.positions.forEach((p) => {
    const price = p.price.toNumber();
    const t = p.target.toNumber();
    colCost.push(0);
    colLower.push(Math.max(0, Math.ceil((mv * (t - p.lowDrift.toNumber())) / price)));
    colUpper.push(Math.floor((mv * (t + p.highDrift.toNumber())) / price));
    integrality.push(1);
  });
  input.positions.forEach(() => {
    colCost.push(1);
    colLower.push(0);
    colUpper.push(Infinity);
    integrality.push(0);
  });
  input.positions.forEach((p, i) => {
    const price = p.price.toNumber();
    const targetValue = mv * p.target.toNumber();
    addRow(targetValue, Infinity, [
      [i, price],
      [n + i, 1],
    ]);
    addRow(-targetValue, Infinity, [
      [i, -price],
      [n + i, 1],
    ]);
  });
  addRow(
    -Infinity,
    mv,
    input.positions.map((p, i) => [i, p.price.toNumber()]),
  );
  const model = highs.createModel({
    numCols: 2 * n,
    numRows: rowLower.length,
    colCost,
    colLower,
    colUpper,
    rowLower,
    rowUpper,
    integrality,
    matrix: { format: "csr", numRows: rowLower.length, numCols: 2 * n, starts, indices, values },
  });
  try {
    model.options.set({ output_flag: false, mip_rel_gap: 0, time_limit: timeLimitSeconds });
    model.run();
    const status = model.getModelStatus();
    if (status === highs.constants.modelStatus.timeLimit) return { status: "timeout" };
    if (status !== highs.constants.modelStatus.optimal) return { status: "other" };
    const solution = model.getSolution().colValue;
    return {
      status: "optimal",
      quantities: input.positions.map((_, i) => new Dec(Math.round(solution[i] ?? Number.NaN))),
    };
  } finally {
    model.dispose();
  }
}

/** Round each u'ᵢ to the nearest share inside its band, then sell the largest overshoots until the cash is ≥ 0. */
export function solveNaive(input: RebalanceInput, marketValue: Dec): Dec[] | undefined {
  const lowers = input.positions.map((p) =>
    Dec.max(0, marketValue.times(p.target.minus(p.lowDrift)).div(p.price).ceil()),
  );
  const quantities = input.positions.map((p, i) => {
    const upper = marketValue.times(p.target.plus(p.highDrift)).div(p.price).floor();
    return Dec.min(
      upper,
      Dec.max(lowers[i] as Dec, marketValue.times(p.target).div(p.price).toDecimalPlaces(0, Dec.ROUND_HALF_UP)),
    );
  });
  let spent = input.positions.reduce((sum, p, i) => sum.plus(p.price.times(quantities[i] as Dec)), new Dec(0));
  while (spent.gt(marketValue)) {
    let pick = -1;
    let worst = new Dec(-Infinity);
    input.positions.forEach((p, i) => {
      const u = quantities[i] as Dec;
      if (u.lte(lowers[i] as Dec)) return;
      const overshoot = u.times(p.price).minus(marketValue.times(p.target));
      if (overshoot.gt(worst)) {
        worst = overshoot;
        pick = i;
      }
    });
    if (pick < 0) return undefined;
    quantities[pick] = (quantities[pick] as Dec).minus(1);
    spent = spent.minus(input.positions[pick]?.price ?? 0);
  }
  return quantities;
}
