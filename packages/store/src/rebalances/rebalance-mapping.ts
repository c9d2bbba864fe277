// Maps the rebalance document to its domain form.
import { fromDecimal128 as fromStored } from "../decimal128.js";
import type { Rebalance, RebalanceDocument } from "./rebalance-document.js";

export function rebalanceFromStored(doc: RebalanceDocument): Rebalance {
  return {
    rebalance_id: doc._id.toHexString(),
    model_id: doc.model_id,
    model_name: doc.model_name,
    snapshot: {
      model_id: doc.model_id,
      model_name: doc.model_name,
      model_version: doc.model_version,
      positions: doc.positions.map((p) => ({
        security_id: p.security_id,
        target: fromStored(p.target),
        high_drift: fromStored(p.high_drift),
        low_drift: fromStored(p.low_drift),
      })),
    },
    portfolio_ids: doc.portfolio_ids,
    number_of_portfolios: doc.number_of_portfolios,
    status: doc.status,
    failure: doc.failure ?? null,
    final_progress: doc.final_progress ?? null,
    version: doc.version,
    request_id: doc.request_id,
    callback_url: doc.callback_url ?? null,
    created_at: doc.created_at,
    started_at: doc.started_at ?? null,
    completed_at: doc.completed_at ?? null,
  };
}
