// Rebalance options across the worker-thread boundary: the same object, decimals as exact strings.
import { Dec } from "@ogs/domain";
import type { RebalanceOptions } from "@ogs/domain";

type DecimalKey = "minCash" | "minCashFraction" | "minTradeValue" | "maxTurnover" | "transactionCostBps";

const DECIMAL_KEYS: readonly DecimalKey[] = [
  "minCash",
  "minCashFraction",
  "minTradeValue",
  "maxTurnover",
  "transactionCostBps",
];

/** RebalanceOptions with every decimal as its exact string. */
export type WireOptions = Omit<RebalanceOptions, DecimalKey | "transactionCostBpsBySecurity"> & {
  [K in DecimalKey]?: string;
} & { transactionCostBpsBySecurity?: Record<string, string> };

const mapValues = <A, B>(map: Readonly<Record<string, A>>, f: (value: A) => B): Record<string, B> =>
  Object.fromEntries(Object.entries(map).map(([key, value]) => [key, f(value)]));

export function encodeOptions(options: RebalanceOptions): WireOptions {
  const wire: WireOptions = {};
  if (options.mode !== undefined) wire.mode = options.mode;
  for (const key of DECIMAL_KEYS) {
    const value = options[key];
    if (value !== undefined) wire[key] = value.toFixed();
  }
  if (options.restrictions) wire.restrictions = { ...options.restrictions };
  if (options.lotSizes) wire.lotSizes = { ...options.lotSizes };
  if (options.transactionCostBpsBySecurity)
    wire.transactionCostBpsBySecurity = mapValues(options.transactionCostBpsBySecurity, (bps) => bps.toFixed());
  return wire;
}

export function decodeOptions(wire: WireOptions): RebalanceOptions {
  const options: RebalanceOptions = {};
  if (wire.mode !== undefined) options.mode = wire.mode;
  for (const key of DECIMAL_KEYS) {
    const value = wire[key];
    if (value !== undefined) options[key] = new Dec(value);
  }
  if (wire.restrictions) options.restrictions = { ...wire.restrictions };
  if (wire.lotSizes) options.lotSizes = { ...wire.lotSizes };
  if (wire.transactionCostBpsBySecurity)
    options.transactionCostBpsBySecurity = mapValues(wire.transactionCostBpsBySecurity, (bps) => new Dec(bps));
  return options;
}
