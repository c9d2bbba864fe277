// The JSON format of the `solve` CLI (issue 4): snake_case, decimals as strings (SPEC §3).
import { ValidationError, formatDecimal, parseDecimal } from "@ogs/domain";
import type { Dec, FieldError, RebalanceInput, RebalanceResult } from "@ogs/domain";

const POSITION_FIELDS = ["security_id", "quantity", "price", "target", "low_drift", "high_drift"] as const;

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

/**
 * Parses one instance `{cash, positions: [{security_id, quantity, price, target, low_drift, high_drift}]}`.
 * A held security absent from the model may omit target and drifts (0). Throws ValidationError listing every bad field.
 */
export function parseInstance(value: unknown, prefix = ""): RebalanceInput {
  const errors: FieldError[] = [];
  if (!isRecord(value) || !Array.isArray(value.positions))
    throw new ValidationError("an instance is an object with cash and a positions array", [
      { field: prefix || "(root)", message: "expected {cash, positions: [...]}" },
    ]);
  const cash = decimalField(value, "cash", `${prefix}cash`, errors);
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
    return { securityId: String(securityId), ...parsed };
  });
  if (errors.length > 0 || !cash)
    throw new ValidationError(`invalid instance: ${errors.map((e) => `${e.field}: ${e.message}`).join("; ")}`, errors);
  return { cash, positions: positions as RebalanceInput["positions"] };
}

/** A whole trade quantity is a JSON number (SPEC §3); a fractional one (fractional holdings) stays a string. */
function tradeNumber(value: Dec): number | string {
  return value.isInteger() && value.abs().lte(Number.MAX_SAFE_INTEGER) ? value.toNumber() : formatDecimal(value);
}

/** The result JSON of the CLI: snake_case, decimals as strings, trade quantities as numbers. */
export function formatResult(result: RebalanceResult): Record<string, unknown> {
  const text = formatDecimal;
  return {
    status: result.status,
    outcome: result.outcome,
    ...(result.message === undefined ? {} : { message: result.message }),
    market_value: text(result.marketValue),
    cash_before: text(result.cashBefore),
    cash_after: text(result.cashAfter),
    drift: text(result.drift),
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
