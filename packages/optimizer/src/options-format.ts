// The `options` object of a `solve` CLI instance (README "Solver CLI"): snake_case, decimals
// as strings or numbers; per-position `lot_size` and `transaction_cost_bps` are read by instance-format.ts.
import { REBALANCE_MODES, TRADE_RESTRICTIONS, parseDecimal, validateRebalanceOptions } from "@ogs/domain";
import type { Dec, FieldError, RebalanceMode, RebalanceOptions, TradeRestriction } from "@ogs/domain";

const DECIMAL_FIELDS = {
  min_cash: "minCash",
  min_cash_fraction: "minCashFraction",
  min_trade_value: "minTradeValue",
  max_turnover: "maxTurnover",
  transaction_cost_bps: "transactionCostBps",
} as const;
const OPTION_FIELDS = ["mode", "restrictions", ...Object.keys(DECIMAL_FIELDS)];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function parseRestrictions(value: unknown, path: string, errors: FieldError[]): Record<string, TradeRestriction> {
  if (!isRecord(value)) {
    errors.push({ field: path, message: "expected an object {security_id: restriction}" });
    return {};
  }
  const restrictions: Record<string, TradeRestriction> = {};
  for (const [id, restriction] of Object.entries(value)) {
    if (TRADE_RESTRICTIONS.includes(restriction as TradeRestriction))
      restrictions[id] = restriction as TradeRestriction;
    else errors.push({ field: `${path}.${id}`, message: `expected one of ${TRADE_RESTRICTIONS.join(", ")}` });
  }
  return restrictions;
}

/** Parses `options` (absent: no options); pushes one error per bad field, named under `path`. */
export function parseOptions(value: unknown, path: string, errors: FieldError[]): RebalanceOptions {
  if (value === undefined) return {};
  if (!isRecord(value)) {
    errors.push({ field: path, message: "expected an object" });
    return {};
  }
  const options: RebalanceOptions = {};
  for (const key of Object.keys(value))
    if (!OPTION_FIELDS.includes(key)) errors.push({ field: `${path}.${key}`, message: "unknown option" });
  if (value.mode !== undefined) {
    if (REBALANCE_MODES.includes(value.mode as RebalanceMode)) options.mode = value.mode as RebalanceMode;
    else errors.push({ field: `${path}.mode`, message: `expected one of ${REBALANCE_MODES.join(", ")}` });
  }
  for (const [field, key] of Object.entries(DECIMAL_FIELDS)) {
    if (value[field] === undefined) continue;
    const parsed: Dec | undefined = parseDecimal(value[field]);
    if (parsed) options[key] = parsed;
    else errors.push({ field: `${path}.${field}`, message: "expected a decimal (string or number)" });
  }
  if (value.restrictions !== undefined)
    options.restrictions = parseRestrictions(value.restrictions, `${path}.restrictions`, errors);
  errors.push(...validateRebalanceOptions(options, `${path}.`));
  return options;
}
