// The general MIP of the whole formulation, for HiGHS: the reference every fast path is tested against and
// the fallback of every option set.
//
// Columns are centred on a reference point sᵢ (the separable optimum), so every number HiGHS sees is a
// deviation of moderate size. Per free security i: yᵢ = xᵢ − sᵢ integer when Xᵢ is one progression of
// step 1; otherwise y = Σₚ ((fromₚ − s)·zₚ + stepₚ·nₚ) with binaries zₚ (Σ zₚ = 1) and integers
// 0 ≤ nₚ ≤ (sizeₚ − 1)·zₚ, the convex-hull form of a union of progressions. Drift eᵢ ≥ |MV·t − p·x|,
// tightened by the secant through the allowed neighbours of the target (valid on Xᵢ, and it makes the
// relaxation exact on each security); trades bᵢ − σᵢ = x − u with bᵢ, σᵢ ≥ 0 carry the cost, the
// turnover row and the tie-break (shares, or value in money units). Money is in units of 10^-q, q the prices' decimals: the cash and
// turnover rows then have whole coefficients and right-hand sides rounded down exactly, so a solution
// within HiGHS's tolerances is exactly feasible once rounded to whole shares.
import { Dec } from "@ogs/domain";
import type { ModelData } from "highs";
import { ceilDiv, floorDiv } from "./exact-division.js";
import type { Formulation, SecurityTerm } from "./formulation.js";
import { allowedAtOrAbove, allowedAtOrBelow, pieceSize } from "./pieces.js";

const INFINITY = Number.POSITIVE_INFINITY;

/** Where each free security's values live in the column vector. */
export interface SecurityColumns {
  index: number;
  /** The reference point sᵢ: xᵢ = sᵢ + yᵢ. */
  centre: Dec;
  y: number;
  /** Per piece: its binary and its step counter (both −1 when y alone is the column). */
  pieces: { z: number; n: number }[];
}

export interface GeneralModel {
  columns: SecurityColumns[];
  /** Builds the HiGHS model; `trade` fixes the primary objective ≤ limit and minimises the tie-break. */
  build(stage: { kind: "primary" } | { kind: "trade"; primaryLimit: Dec }): ModelData;
}

interface Row {
  lower: Dec | null;
  upper: Dec | null;
  entries: [number, Dec][];
}

const ZERO = new Dec(0);
const ONE = new Dec(1);
const driftAt = (term: SecurityTerm, x: Dec) => term.targetValue.minus(x.times(term.price)).abs();

/** Columns and rows of the model, before the stage decides the objective. */
function createModelBuilder() {
  const builder = {
    colLower: [] as number[],
    colUpper: [] as number[],
    integrality: [] as (0 | 1)[],
    primaryCost: [] as Dec[],
    tradeCost: [] as number[],
    rows: [] as Row[],
    column(lower: Dec | number, upper: Dec | number, integer: boolean, primary = ZERO, trade = 0): number {
      builder.colLower.push(typeof lower === "number" ? lower : lower.toNumber());
      builder.colUpper.push(typeof upper === "number" ? upper : upper.toNumber());
      builder.integrality.push(integer ? 1 : 0);
      builder.primaryCost.push(primary);
      builder.tradeCost.push(trade);
      return builder.colLower.length - 1;
    },
    row(lower: Dec | null, upper: Dec | null, entries: [number, Dec][]): void {
      builder.rows.push({ lower, upper, entries });
    },
  };
  return builder;
}

type ModelBuilder = ReturnType<typeof createModelBuilder>;

/** Adds y (and the piece columns) of one security; returns its columns. */
function addQuantity(model: ModelBuilder, term: SecurityTerm, centre: Dec, index: number): SecurityColumns {
  const first = term.pieces[0] as (typeof term.pieces)[number];
  const last = term.pieces[term.pieces.length - 1] as typeof first;
  const simple = term.pieces.length === 1 && first.step.eq(1);
  const y = model.column(first.from.minus(centre), last.to.minus(centre), simple);
  if (simple) return { index, centre, y, pieces: [] };
  const many = term.pieces.length > 1;
  const pieces = term.pieces.map((piece) => ({
    z: many ? model.column(0, 1, true) : -1,
    n: model.column(0, pieceSize(piece).minus(1), true),
  }));
  // y − Σ ((from − s)·z + step·n) = 0; a lone piece has no z: y − step·n = from − s.
  const entries: [number, Dec][] = [[y, ONE]];
  term.pieces.forEach((piece, p) => {
    const { z, n } = pieces[p] as { z: number; n: number };
    entries.push([n, piece.step.neg()]);
    if (many) entries.push([z, piece.from.minus(centre).neg()]);
  });
  const constant = many ? ZERO : first.from.minus(centre);
  model.row(constant, constant, entries);
  if (many) {
    model.row(
      ONE,
      ONE,
      pieces.map(({ z }) => [z, ONE]),
    );
    term.pieces.forEach((piece, p) => {
      const { z, n } = pieces[p] as { z: number; n: number };
      model.row(null, ZERO, [[n, ONE], [z, pieceSize(piece).minus(1).neg()]]); // prettier-ignore
    });
  }
  return { index, centre, y, pieces };
}

/** `centres[i]` is the reference point of security i (any allowed quantity; the separable optimum is best). */
export function buildGeneralModel(formulation: Formulation, centres: readonly Dec[]): GeneralModel {
  const places = Math.max(0, ...formulation.securities.map((t) => t.price.decimalPlaces()));
  const unit = new Dec(10).pow(places);
  const model = createModelBuilder();
  let fixedDrift = ZERO;
  const columns: SecurityColumns[] = [];
  const cash: [number, Dec][] = [];
  const turnover: [number, Dec][] = [];
  const primary: [number, Dec][] = [];
  let cashLeft = formulation.cashBudget.times(unit);
  const turnoverLeft = formulation.turnoverCap?.times(unit) ?? null;
  formulation.securities.forEach((term, index) => {
    const centre = centres[index] as Dec;
    const price = term.price.times(unit);
    cashLeft = cashLeft.minus(centre.times(price));
    if (term.fixed) {
      fixedDrift = fixedDrift.plus(driftAt(term, term.current));
      return;
    }
    const cols = addQuantity(model, term, centre, index);
    columns.push(cols);
    const { y } = cols;
    // e ≥ ±(MV·t − p·s − p·y), in money units.
    const gap = term.targetValue.times(unit).minus(centre.times(price));
    const e = model.column(0, INFINITY, false, ONE);
    primary.push([e, ONE]);
    model.row(gap, null, [[e, ONE], [y, price]]); // prettier-ignore
    model.row(gap.neg(), null, [[e, ONE], [y, price.neg()]]); // prettier-ignore
    const left = allowedAtOrBelow(term.pieces, floorDiv(term.targetValue, term.price));
    const right = allowedAtOrAbove(term.pieces, ceilDiv(term.targetValue, term.price));
    if (left && right && right.gt(left)) {
      // Secant: (right − left)·e − rise·y ≥ f(left)·(right − left) − rise·(left − s), money units.
      const width = right.minus(left);
      const rise = driftAt(term, right).minus(driftAt(term, left)).times(unit);
      const bound = driftAt(term, left)
        .times(unit)
        .times(width)
        .minus(rise.times(left.minus(centre)));
      model.row(bound, null, [[e, width], [y, rise.neg()]]); // prettier-ignore
    }
    // b − σ = x − u = y + s − u (b and σ the shares bought and sold), as y − b + σ = u − s.
    const rate = term.costRate.times(price);
    const offset = term.current.minus(centre);
    const tie = formulation.tieBreak === "shares" ? 1 : price.toNumber();
    const buy = model.column(0, Dec.max(0, (term.pieces.at(-1) as { to: Dec }).to.minus(term.current)), false, rate, tie); // prettier-ignore
    const sell = model.column(0, Dec.max(0, term.current.minus((term.pieces[0] as { from: Dec }).from)), false, rate, tie); // prettier-ignore
    model.row(offset, offset, [[y, ONE], [buy, ONE.neg()], [sell, ONE]]); // prettier-ignore
    cash.push([y, price]);
    turnover.push([buy, price], [sell, price]);
    if (!rate.isZero()) primary.push([buy, rate], [sell, rate]);
  });
  // Σ p·x and Σ p·|d| are whole numbers of units at whole x (and whole u): round the bounds down.
  model.row(null, cashLeft.floor(), cash);
  if (turnoverLeft !== null) model.row(null, turnoverLeft.floor(), turnover);

  function build(stage: { kind: "primary" } | { kind: "trade"; primaryLimit: Dec }): ModelData {
    const rows = [...model.rows];
    if (stage.kind === "trade") rows.push({ lower: null, upper: primaryLimitInUnits(stage.primaryLimit), entries: primary }); // prettier-ignore
    const starts = [0];
    const indices: number[] = [];
    const values: number[] = [];
    for (const row of rows) {
      for (const [col, value] of row.entries) {
        indices.push(col);
        values.push(value.toNumber());
      }
      starts.push(indices.length);
    }
    const numCols = model.colLower.length;
    return {
      numCols,
      numRows: rows.length,
      colCost: stage.kind === "primary" ? model.primaryCost.map((c) => c.toNumber()) : model.tradeCost,
      colLower: model.colLower,
      colUpper: model.colUpper,
      rowLower: rows.map((r) => (r.lower === null ? -INFINITY : r.lower.toNumber())),
      rowUpper: rows.map((r) => (r.upper === null ? INFINITY : r.upper.toNumber())),
      matrix: { format: "csr", numRows: rows.length, numCols, starts, indices, values },
      integrality: model.integrality,
    };
  }

  /** The model's primary objective Σ e + Σ c·p·(b + σ) is the objective less the fixed securities' drift, in units. */
  function primaryLimitInUnits(limit: Dec): Dec {
    return limit.minus(fixedDrift).times(unit);
  }
  return { columns, build };
}
