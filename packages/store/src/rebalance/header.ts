// The `rebalances` header ↔ domain Rebalance, and live progress summed from the groups' counts.
import type { Progress, Rebalance, RebalanceStatus } from "@ogs/domain";
import { fromDecimal128 } from "../decimal128.js";
import { decodeOptions } from "../options-codec.js";
import { emptySlotCounts, type RebalanceDocument, type SlotCounts } from "./documents.js";
import { isOriginalDocument, originalRebalance, type OriginalRebalanceDocument } from "./original-documents.js";

/** A document of the `rebalances` collection: ours, or one the original service wrote. */
export type StoredRebalanceDocument = RebalanceDocument | OriginalRebalanceDocument;

export function sumCounts(groups: readonly { counts?: Partial<SlotCounts> }[]): SlotCounts {
  const total = emptySlotCounts();
  for (const { counts } of groups) {
    for (const key of Object.keys(total) as (keyof SlotCounts)[]) total[key] += counts?.[key] ?? 0;
  }
  return total;
}

/** Progress of `numberOfPortfolios` from the slot counts: every slot not counted is still queued. */
export function progressFrom(numberOfPortfolios: number, counts: SlotCounts): Progress {
  const counted = Object.values(counts).reduce((sum, n) => sum + n, 0);
  return { queued: Math.max(0, numberOfPortfolios - counted), ...counts };
}

export function rebalanceFromDocument(doc: RebalanceDocument, progress: Progress): Rebalance {
  return {
    id: doc._id.toHexString(),
    modelId: doc.model_id,
    modelName: doc.model_name,
    snapshot: {
      modelId: doc.model_id,
      modelName: doc.model_name,
      modelVersion: doc.model_version,
      positions: doc.positions.map((p) => ({
        securityId: p.security_id,
        target: fromDecimal128(p.target),
        highDrift: fromDecimal128(p.high_drift),
        lowDrift: fromDecimal128(p.low_drift),
      })),
      options: decodeOptions(doc.options),
    },
    numberOfPortfolios: doc.number_of_portfolios,
    status: doc.status,
    failure: doc.failure ?? null,
    progress: doc.final_progress ?? progress,
    version: doc.version,
    requestId: doc.request_id,
    callbackUrl: doc.callback_url ?? null,
    createdAt: doc.created_at,
    startedAt: doc.started_at ?? null,
    completedAt: doc.completed_at ?? null,
    origin: "service",
  };
}

/** Any stored rebalance as the domain sees it; `liveCounts` is asked only for one of ours still running. */
export async function toRebalance(
  doc: StoredRebalanceDocument,
  liveCounts: (doc: RebalanceDocument) => Promise<SlotCounts>,
): Promise<Rebalance> {
  if (isOriginalDocument(doc)) return originalRebalance(doc);
  const progress = doc.final_progress ?? progressFrom(doc.number_of_portfolios, await liveCounts(doc));
  return rebalanceFromDocument(doc, progress);
}

export function isFinalStatus(status: RebalanceStatus): boolean {
  return status !== "queued" && status !== "running";
}
