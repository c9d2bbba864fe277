// The position detail of SPEC §5.2 step 9 that a stored or served result must equal, computed from the
// optimizer's own result: decimals as canonical strings, trade quantity and date only where a trade is
// made. Shared by the worker test (stored documents) and the API test (wire JSON).
import { formatDecimal, type PositionResult } from "@ogs/domain";

export function expectedPosition(p: PositionResult, tradeDate: string) {
  return {
    security_id: p.securityId,
    price: formatDecimal(p.price),
    original_quantity: formatDecimal(p.originalQuantity),
    adjusted_quantity: formatDecimal(p.adjustedQuantity),
    original_market_value: formatDecimal(p.originalPositionMarketValue),
    adjusted_market_value: formatDecimal(p.adjustedPositionMarketValue),
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
