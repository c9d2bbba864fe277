// What crosses the worker-thread boundary: decimals as exact strings (never Decimal objects). The input is
// one packed JSON string (a single string is copied, not structure-cloned field by field); the reply is the
// whole result, or only its quantities (quantities-wire.ts) when the caller asks for no more.
import { Dec } from "@ogs/domain";
import type { PositionResult, RebalanceInput } from "@ogs/domain";
import { decodeOptions, type WireOptions } from "./options-wire.js";
import { packQuantities, quantitiesOf, type SolvedQuantities } from "./quantities-wire.js";
import type { RebalanceSolution, SolveOptions } from "./solve.js";

type Wire<T> = { [K in keyof T]: T[K] extends Dec ? string : T[K] extends Dec | null ? string | null : T[K] };

/** JSON of `[cash, securityId₁, quantity₁, price₁, target₁, lowDrift₁, highDrift₁, securityId₂, …]`. */
export type WireInput = string;
export type WirePosition = Wire<PositionResult>;
export type WireResult = Omit<Wire<RebalanceSolution>, "positions" | "transactions"> & {
  positions: WirePosition[];
  transactions: { transactionType: "BUY" | "SELL"; securityId: string; quantity: string }[];
};

/** Messages from a solve thread to the pool. */
export type ThreadReply =
  | { id: number; ok: true; result: WireResult }
  | { id: number; ok: true; quantities: string }
  | { id: number; ok: false; name: string; message: string };
/** Messages from the pool to a solve thread. */
export interface ThreadRequest {
  id: number;
  input: WireInput;
  /** The rebalance options, decimals as strings; absent for the plain problem. */
  options?: WireOptions;
  /** `quantities`: answer only the quantities (packQuantities); absent: the whole result. */
  reply?: "quantities";
}

const str = (value: Dec) => value.toFixed();
const optionalStr = (value: Dec | null) => (value === null ? null : value.toFixed());
const optionalDec = (value: string | null) => (value === null ? null : new Dec(value));

/** Decimals by `toString()`: exact digits (exponent notation only far outside money's range, read back alike). */
export function encodeInput(input: RebalanceInput): WireInput {
  const flat: string[] = [input.cash.toString()];
  for (const p of input.positions)
    flat.push(
      p.securityId,
      p.quantity.toString(),
      p.price.toString(),
      p.target.toString(),
      p.lowDrift.toString(),
      p.highDrift.toString(),
    );
  return JSON.stringify(flat);
}

const FIELDS = 6;

export function decodeInput(wire: WireInput): RebalanceInput {
  const flat = JSON.parse(wire) as string[];
  if ((flat.length - 1) % FIELDS !== 0) throw new Error(`a packed input has ${flat.length} fields`);
  const positions: RebalanceInput["positions"] = [];
  for (let i = 1; i + FIELDS <= flat.length; i += FIELDS)
    positions.push({
      securityId: flat[i] as string,
      quantity: new Dec(flat[i + 1] as string),
      price: new Dec(flat[i + 2] as string),
      target: new Dec(flat[i + 3] as string),
      lowDrift: new Dec(flat[i + 4] as string),
      highDrift: new Dec(flat[i + 5] as string),
    });
  return { cash: new Dec(flat[0] as string), positions };
}

const POSITION_DECIMALS = [
  "price",
  "originalQuantity",
  "adjustedQuantity",
  "originalPositionMarketValue",
  "adjustedPositionMarketValue",
  "target",
  "highDrift",
  "lowDrift",
  "actual",
  "actualDrift",
] as const;

export function encodeResult(result: RebalanceSolution): WireResult {
  const wire: WireResult = {
    status: result.status,
    outcome: result.outcome,
    marketValue: str(result.marketValue),
    cashBefore: str(result.cashBefore),
    cashAfter: str(result.cashAfter),
    drift: str(result.drift),
    cost: str(result.cost),
    turnover: str(result.turnover),
    path: result.path,
    solveMs: result.solveMs,
    positions: result.positions.map((p) => {
      const decimals = Object.fromEntries(POSITION_DECIMALS.map((key) => [key, str(p[key])])) as Pick<
        WirePosition,
        (typeof POSITION_DECIMALS)[number]
      >;
      return {
        securityId: p.securityId,
        ...decimals,
        transactionType: p.transactionType,
        tradeQuantity: optionalStr(p.tradeQuantity),
      };
    }),
    transactions: result.transactions.map((t) => ({
      transactionType: t.transactionType,
      securityId: t.securityId,
      quantity: str(t.quantity),
    })),
  };
  if (result.message !== undefined) wire.message = result.message;
  return wire;
}

export function decodeResult(wire: WireResult): RebalanceSolution {
  const result: RebalanceSolution = {
    status: wire.status,
    outcome: wire.outcome,
    marketValue: new Dec(wire.marketValue),
    cashBefore: new Dec(wire.cashBefore),
    cashAfter: new Dec(wire.cashAfter),
    drift: new Dec(wire.drift),
    cost: new Dec(wire.cost),
    turnover: new Dec(wire.turnover),
    path: wire.path,
    solveMs: wire.solveMs,
    positions: wire.positions.map((p) => {
      const decimals = Object.fromEntries(POSITION_DECIMALS.map((key) => [key, new Dec(p[key])])) as Pick<
        PositionResult,
        (typeof POSITION_DECIMALS)[number]
      >;
      return {
        securityId: p.securityId,
        ...decimals,
        transactionType: p.transactionType,
        tradeQuantity: optionalDec(p.tradeQuantity),
      };
    }),
    transactions: wire.transactions.map((t) => ({
      transactionType: t.transactionType,
      securityId: t.securityId,
      quantity: new Dec(t.quantity),
    })),
  };
  if (wire.message !== undefined) result.message = wire.message;
  return result;
}

/** Answers one request in the solving thread; never throws (errors travel back as replies). */
export function answerRequest(
  request: ThreadRequest,
  timeLimitMs: number,
  solve: (input: RebalanceInput, options: SolveOptions) => RebalanceSolution,
  // The lean answer; by default the whole result's quantities (solve.ts's solveRebalanceQuantities skips deriving it).
  solveQuantities: (input: RebalanceInput, options: SolveOptions) => SolvedQuantities = (input, options) =>
    quantitiesOf(input, solve(input, options)),
): ThreadReply {
  try {
    const options: SolveOptions = { ...decodeOptions(request.options ?? {}), timeLimitMs };
    const input = decodeInput(request.input);
    if (request.reply === "quantities")
      return { id: request.id, ok: true, quantities: packQuantities(solveQuantities(input, options)) };
    return { id: request.id, ok: true, result: encodeResult(solve(input, options)) };
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    return { id: request.id, ok: false, name: failure.name, message: failure.message };
  }
}
