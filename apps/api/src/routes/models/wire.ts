// Domain <-> wire mapping for models: snake_case JSON, decimals as exact strings (SPEC §3).
import { formatDecimal, type Model, type Position } from "@ogs/domain";
import { decimalOf } from "../../http/decimal.js";
import type { ModelOutput, PositionWire } from "./schemas.js";

export function positionFromWire(position: PositionWire): Position {
  return {
    securityId: position.security_id,
    target: decimalOf(position.target),
    highDrift: decimalOf(position.high_drift),
    lowDrift: decimalOf(position.low_drift),
  };
}

export function modelToWire(model: Model): ModelOutput {
  return {
    model_id: model.id,
    name: model.name,
    positions: model.positions.map((position) => ({
      security_id: position.securityId,
      target: formatDecimal(position.target),
      high_drift: formatDecimal(position.highDrift),
      low_drift: formatDecimal(position.lowDrift),
    })),
    portfolios: model.portfolios,
    last_rebalance_date: model.lastRebalanceDate ? model.lastRebalanceDate.toISOString() : null,
    version: model.version,
  };
}
