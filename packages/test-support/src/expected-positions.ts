// The position detail of SPEC §5.2 step 8 that a stored or served result must equal, computed from the
// optimizer's own result, with every decimal as its canonical text (the served JSON is read back with
// `parseExact`, so its numbers keep their digits). Shared by the worker tests (stored reports) and the API
// tests (wire JSON).
import { formatDecimal, type PositionReport, type PositionResult } from "@ogs/domain";

export function expectedPosition(p: PositionResult, tradeDate: string) {
  return {
    security_id: p.securityId,
    price: formatDecimal(p.price),
    original_quantity: formatDecimal(p.originalQuantity),
    adjusted_quantity: formatDecimal(p.adjustedQuantity),
    original_position_market_value: formatDecimal(p.originalPositionMarketValue),
    adjusted_position_market_value: formatDecimal(p.adjustedPositionMarketValue),
    target: formatDecimal(p.target),
    high_drift: formatDecimal(p.highDrift),
    low_drift: formatDecimal(p.lowDrift),
    actual: formatDecimal(p.actual),
    actual_drift: formatDecimal(p.actualDrift),
    transaction_type: p.transactionType,
    trade_quantity: p.tradeQuantity ? formatDecimal(p.tradeQuantity) : null,
    trade_date: p.transactionType ? tradeDate : null,
  };
}

/** A stored report's position in the same shape, for comparing with `expectedPosition`. */
export function reportedPosition(p: PositionReport) {
  return expectedPosition(p, p.tradeDate ?? "");
}

/**
 * JSON.parse that keeps every number's exact digits as a string (`620372.05` → "620372.05"): a served
 * amount is checked digit for digit, never through a float.
 */
export function parseExact(text: string): unknown {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === "\\") out += text[++i] ?? "";
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    if (c === "-" || (c >= "0" && c <= "9")) {
      const match = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i))!;
      out += `"${match[0]}"`;
      i += match[0].length - 1;
      continue;
    }
    out += c;
  }
  return JSON.parse(out);
}
