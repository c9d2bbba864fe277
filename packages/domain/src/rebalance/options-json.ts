// The JSON form of trading options, shared by everything that writes or reads it (the API, the webhook
// events, the store's codec, the solve CLI): snake_case names, decimals as exact strings.
import { formatDecimal, parseDecimal, type Dec } from "../money.js";
import type { RebalanceMode, RebalanceOptions, TradeRestriction } from "./options.js";

/** The decimal options: domain name → JSON name. */
export const OPTION_DECIMAL_FIELDS = [
  ["minCash", "min_cash"],
  ["minCashFraction", "min_cash_fraction"],
  ["minTradeValue", "min_trade_value"],
  ["maxTurnover", "max_turnover"],
  ["transactionCostBps", "transaction_cost_bps"],
] as const;

type DecimalJsonField = (typeof OPTION_DECIMAL_FIELDS)[number][1];

/** Options in JSON, with decimals of type `D` (exact strings when written; strings or numbers when read). */
export type RebalanceOptionsJson<D = string> = { mode?: RebalanceMode } & { [F in DecimalJsonField]?: D } & {
  restrictions?: Record<string, TradeRestriction>;
  lot_sizes?: Record<string, number>;
  transaction_cost_bps_by_security?: Record<string, D>;
};

const mapValues = <T, U>(map: Readonly<Record<string, T>>, f: (value: T) => U): Record<string, U> =>
  Object.fromEntries(Object.entries(map).map(([id, value]) => [id, f(value)]));

/** The JSON form with each decimal written by `write` (a string here; the store writes Decimal128). */
export function writeRebalanceOptions<D>(options: RebalanceOptions, write: (value: Dec) => D): RebalanceOptionsJson<D> {
  const json: RebalanceOptionsJson<D> = {};
  if (options.mode !== undefined) json.mode = options.mode;
  for (const [key, field] of OPTION_DECIMAL_FIELDS) {
    const value = options[key];
    if (value !== undefined) json[field] = write(value);
  }
  if (options.restrictions) json.restrictions = { ...options.restrictions };
  if (options.lotSizes) json.lot_sizes = { ...options.lotSizes };
  if (options.transactionCostBpsBySecurity)
    json.transaction_cost_bps_by_security = mapValues(options.transactionCostBpsBySecurity, write);
  return json;
}

/** Options from their JSON form, each decimal read by `read`; shapes are assumed checked. */
export function readRebalanceOptions<D>(json: RebalanceOptionsJson<D>, read: (value: D) => Dec): RebalanceOptions {
  const options: RebalanceOptions = {};
  if (json.mode !== undefined) options.mode = json.mode;
  for (const [key, field] of OPTION_DECIMAL_FIELDS) {
    const value = json[field];
    if (value !== undefined) options[key] = read(value);
  }
  if (json.restrictions) options.restrictions = { ...json.restrictions };
  if (json.lot_sizes) options.lotSizes = { ...json.lot_sizes };
  if (json.transaction_cost_bps_by_security)
    options.transactionCostBpsBySecurity = mapValues(json.transaction_cost_bps_by_security, read);
  return options;
}

/** The JSON form with exact decimal strings: what the API answers and webhook events carry. */
export function rebalanceOptionsToJson(options: RebalanceOptions): RebalanceOptionsJson {
  return writeRebalanceOptions(options, formatDecimal);
}

function decimalOf(value: string | number): Dec {
  const parsed = parseDecimal(value);
  if (!parsed) throw new Error(`not a decimal: ${JSON.stringify(value)}`);
  return parsed;
}

/**
 * Options from JSON whose shapes are already checked (every decimal parses); the ranges are then
 * validateRebalanceOptions's to check.
 */
export function rebalanceOptionsFromJson(json: RebalanceOptionsJson<string | number>): RebalanceOptions {
  return readRebalanceOptions(json, decimalOf);
}
