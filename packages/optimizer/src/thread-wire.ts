// What crosses the worker-thread boundary: plain objects whose decimals are strings (never Decimal objects).
import { Dec } from "@ogs/domain";
import type { PositionResult, RebalanceInput } from "@ogs/domain";
import { decodeOptions, type WireOptions } from "./options-wire.js";
import type { RebalanceSolution, SolveOptions } from "./solve.js";

type Wire<T> = { [K in keyof T]: T[K] extends Dec ? string : T[K] extends Dec | null ? string | null : T[K] };

export type WireInput = { cash: string; positions: Wire<RebalanceInput["positions"][number]>[] };
export type WirePosition = Wire<PositionResult>;
export type WireResult = Omit<Wire<RebalanceSolution>, "positions" | "transactions"> & {
  positions: WirePosition[];
  transactions: { transactionType: "BUY" | "SELL"; securityId: string; quantity: string }[];
};

/** Messages from a solve thread to the pool. */
export type ThreadReply =
  { id: number; ok: true; result: WireResult } | { id: number; ok: false; name: string; message: string };
/** Messages from the pool to a solve thread. */
export interface ThreadRequest {
  id: number;
  input: WireInput;
  /** The rebalance options, decimals as strings; absent for the plain problem. */
  options?: WireOptions;
}

const str = (value: Dec) => value.toFixed();
const optionalStr = (value: Dec | null) => (value === null ? null : value.toFixed());
const optionalDec = (value: string | null) => (value === null ? null : new Dec(value));

export function encodeInput(input: RebalanceInput): WireInput {
  return {
    cash: str(input.cash),
    positions: input.positions.map((p) => ({
      securityId: p.securityId,
      quantity: str(p.quantity),
      price: str(p.price),
      target: str(p.target),
      lowDrift: str(p.lowDrift),
      highDrift: str(p.highDrift),
    })),
  };
}

export function decodeInput(wire: WireInput): RebalanceInput {
  return {
    cash: new Dec(wire.cash),
    positions: wire.positions.map((p) => ({
      securityId: p.securityId,
      quantity: new Dec(p.quantity),
      price: new Dec(p.price),
      target: new Dec(p.target),
      lowDrift: new Dec(p.lowDrift),
      highDrift: new Dec(p.highDrift),
    })),
  };
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
): ThreadReply {
  try {
    const options: SolveOptions = { ...decodeOptions(request.options ?? {}), timeLimitMs };
    return { id: request.id, ok: true, result: encodeResult(solve(decodeInput(request.input), options)) };
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    return { id: request.id, ok: false, name: failure.name, message: failure.message };
  }
}
