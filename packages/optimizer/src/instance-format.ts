// The JSON format of the `solve` CLI: snake_case, decimals as strings (SPEC §3); an instance may
// carry trading `options` and per-position `lot_size` / `transaction_cost_bps` (README "Trading constraints").
import {
  REBALANCE_OPTION_LIMITS,
  ValidationError,
  findUnknownOptionSecurities,
  formatDecimal,
  parseDecimal,
} from "@ogs/domain";
import type { Dec, FieldError, RebalanceInput, RebalanceOptions } from "@ogs/domain";
import { parseOptions } from "./options-format.js";
import type { RebalanceSolution } from "./solve.js";

const POSITION_FIELDS = [
  "security_id",
  "quantity",
  "price",
  "target",
  "low_drift",
  "high_drift",
  "lot_size",
  "transaction_cost_bps",
] as const;

/** One parsed instance: the portfolio and its options. */
export interface SolveProblem {
  input: RebalanceInput;
  options: RebalanceOptions;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function decimalField(
  source: Record<string, unknown>,
  key: string,
  path: string,
  errors: FieldError[],
  fallback?: Dec,
): Dec | undefined {
  if (source[key] === undefined && fallback) return fallback;
  const value = parseDecimal(source[key]);
  if (!value) errors.push({ field: path, message: "expected a decimal (string or number)" });
  return value;
}

/** A lot size: a whole number from 1 (number or digits). */
function lotSizeField(raw: Record<string, unknown>, path: string, errors: FieldError[]): number | undefined {
  if (raw.lot_size === undefined) return undefined;
  const lot = typeof raw.lot_size === "string" && /^\d+$/.test(raw.lot_size) ? Number(raw.lot_size) : raw.lot_size;
  if (typeof lot === "number" && Number.isSafeInteger(lot) && lot >= 1 && lot <= REBALANCE_OPTION_LIMITS.maxLotSize)
    return lot;
  errors.push({ field: `${path}.lot_size`, message: "expected a whole number ≥ 1" });
  return undefined;
}

/**
 * Parses one instance `{cash, positions: [{security_id, quantity, price, target, low_drift, high_drift,
 * lot_size?, transaction_cost_bps?}], options?}`. A held security absent from the model may omit target
 * and drifts (0). Throws ValidationError listing every bad field.
 */
export function parseProblem(value: unknown, prefix = ""): SolveProblem {
  const errors: FieldError[] = [];
  if (!isRecord(value) || !Array.isArray(value.positions))
    throw new ValidationError("an instance is an object with cash and a positions array", [
      { field: prefix || "(root)", message: "expected {cash, positions: [...]}" },
    ]);
  for (const key of Object.keys(value))
    if (!["cash", "positions", "options"].includes(key))
      errors.push({ field: `${prefix}${key}`, message: "unknown field" });
  const cash = decimalField(value, "cash", `${prefix}cash`, errors);
  const options = parseOptions(value.options, `${prefix}options`, errors);
  const lotSizes: Record<string, number> = {};
  const costs: Record<string, Dec> = {};
  const seen = new Set<string>();
  const positions = value.positions.map((raw, index) => {
    const path = `${prefix}positions.${index}`;
    if (!isRecord(raw)) {
      errors.push({ field: path, message: "expected an object" });
      return undefined;
    }
    for (const key of Object.keys(raw))
      if (!(POSITION_FIELDS as readonly string[]).includes(key))
        errors.push({ field: `${path}.${key}`, message: "unknown field" });
    const securityId = raw.security_id;
    if (typeof securityId !== "string" || securityId === "")
      errors.push({ field: `${path}.security_id`, message: "expected a non-empty string" });
    else if (seen.has(securityId)) errors.push({ field: `${path}.security_id`, message: "duplicate security" });
    else seen.add(securityId);
    const zero = parseDecimal(0);
    const parsed = {
      quantity: decimalField(raw, "quantity", `${path}.quantity`, errors),
      price: decimalField(raw, "price", `${path}.price`, errors),
      target: decimalField(raw, "target", `${path}.target`, errors, zero),
      lowDrift: decimalField(raw, "low_drift", `${path}.low_drift`, errors, zero),
      highDrift: decimalField(raw, "high_drift", `${path}.high_drift`, errors, zero),
    };
    if (parsed.price && !parsed.price.gt(0))
      errors.push({ field: `${path}.price`, message: "a price must be greater than 0" });
    for (const key of ["target", "lowDrift", "highDrift"] as const)
      if (parsed[key]?.isNegative())
        errors.push({
          field: `${path}.${key === "target" ? "target" : key === "lowDrift" ? "low_drift" : "high_drift"}`,
          message: "must not be negative",
        });
    const lot = lotSizeField(raw, path, errors);
    if (lot !== undefined) lotSizes[String(securityId)] = lot;
    if (raw.transaction_cost_bps !== undefined) {
      const bps = decimalField(raw, "transaction_cost_bps", `${path}.transaction_cost_bps`, errors);
      if (bps?.isNegative() || bps?.gt(REBALANCE_OPTION_LIMITS.maxTransactionCostBps))
        errors.push({ field: `${path}.transaction_cost_bps`, message: "must be from 0 to 10000" });
      else if (bps) costs[String(securityId)] = bps;
    }
    return { securityId: String(securityId), ...parsed };
  });
  if (Object.keys(lotSizes).length > 0) options.lotSizes = lotSizes;
  if (Object.keys(costs).length > 0) options.transactionCostBpsBySecurity = costs;
  errors.push(...findUnknownOptionSecurities(options, seen, `${prefix}options.`));
  if (errors.length > 0 || !cash)
    throw new ValidationError(`invalid instance: ${errors.map((e) => `${e.field}: ${e.message}`).join("; ")}`, errors);
  return { input: { cash, positions: positions as RebalanceInput["positions"] }, options };
}

/** parseProblem's portfolio alone (an instance without options). */
export function parseInstance(value: unknown, prefix = ""): RebalanceInput {
  return parseProblem(value, prefix).input;
}

/** A whole trade quantity is a JSON number (SPEC §3); a fractional one (fractional holdings) stays a string. */
function tradeNumber(value: Dec): number | string {
  return value.isInteger() && value.abs().lte(Number.MAX_SAFE_INTEGER) ? value.toNumber() : formatDecimal(value);
}

/** The result JSON of the CLI: snake_case, decimals as strings, trade quantities as numbers. */
export function formatResult(result: RebalanceSolution): Record<string, unknown> {
  const text = formatDecimal;
  return {
    status: result.status,
    outcome: result.outcome,
    ...(result.message === undefined ? {} : { message: result.message }),
    market_value: text(result.marketValue),
    cash_before: text(result.cashBefore),
    cash_after: text(result.cashAfter),
    drift: text(result.drift),
    cost: text(result.cost),
    turnover: text(result.turnover),
    positions: result.positions.map((p) => ({
      security_id: p.securityId,
      price: text(p.price),
      original_quantity: text(p.originalQuantity),
      adjusted_quantity: text(p.adjustedQuantity),
      original_position_market_value: text(p.originalPositionMarketValue),
      adjusted_position_market_value: text(p.adjustedPositionMarketValue),
      target: text(p.target),
      high_drift: text(p.highDrift),
      low_drift: text(p.lowDrift),
      actual: text(p.actual),
      actual_drift: text(p.actualDrift),
      transaction_type: p.transactionType,
      trade_quantity: p.tradeQuantity === null ? null : tradeNumber(p.tradeQuantity),
    })),
    transactions: result.transactions.map((t) => ({
      transaction_type: t.transactionType,
      security_id: t.securityId,
      quantity: tradeNumber(t.quantity),
    })),
    solve_ms: Math.round(result.solveMs * 1000) / 1000,
  };
}
