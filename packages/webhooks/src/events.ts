// The event model of SPEC §6: `{type, timestamp, data}`, one type per terminal rebalance status, plus the
// `webhook.test` event an endpoint can request. Bodies are serialised once and stored, so every
// retry sends the same bytes.
import { createHash } from "node:crypto";
import { rebalanceLinks, type RebalanceLinks, type RebalanceOptionsJson } from "@ogs/domain";

export const REBALANCE_EVENT_TYPES = [
  "rebalance.completed",
  "rebalance.completed_with_errors",
  "rebalance.failed",
] as const;
export type RebalanceEventType = (typeof REBALANCE_EVENT_TYPES)[number];
export type WebhookEventType = RebalanceEventType | "webhook.test";

/** The rebalance as the finaliser leaves it (SPEC §5.4): what an event reports. */
export interface RebalanceOutcome {
  rebalance_id: string;
  model_id: string;
  /** Only terminal statuses produce an event: completed, completed_with_errors, failed. */
  status: string;
  /** Per-state portfolio counts: queued, running, completed, infeasible, failed, cancelled. */
  progress: Readonly<Record<string, number>>;
  /** When the rebalance ended; the event's timestamp, so a re-run finaliser builds the same body. */
  completed_at: Date;
  /** The trading options in force (JSON form). @defaultValue {} */
  options?: RebalanceOptionsJson;
}

export interface RebalanceEvent {
  type: RebalanceEventType;
  timestamp: string;
  data: {
    rebalance_id: string;
    model_id: string;
    status: string;
    progress: Readonly<Record<string, number>>;
    /** The trading options in force, as `GET /rebalance/{id}` shows them (`{}`: none). */
    options: RebalanceOptionsJson;
    links: RebalanceLinks;
  };
}

export interface TestEvent {
  type: "webhook.test";
  timestamp: string;
  data: { endpoint_id: string; message: string };
}

export function isRebalanceEventType(value: string): value is RebalanceEventType {
  return (REBALANCE_EVENT_TYPES as readonly string[]).includes(value);
}

/** The event a rebalance in `status` announces; undefined while it has not ended. */
export function eventTypeForStatus(status: string): RebalanceEventType | undefined {
  const type = `rebalance.${status}`;
  return isRebalanceEventType(type) ? type : undefined;
}

export function buildRebalanceEvent(type: RebalanceEventType, rebalance: RebalanceOutcome): RebalanceEvent {
  return {
    type,
    timestamp: rebalance.completed_at.toISOString(),
    data: {
      rebalance_id: rebalance.rebalance_id,
      model_id: rebalance.model_id,
      status: rebalance.status,
      progress: rebalance.progress,
      options: rebalance.options ?? {},
      links: rebalanceLinks(rebalance.rebalance_id),
    },
  };
}

export function buildTestEvent(endpointId: string, now: Date): TestEvent {
  return {
    type: "webhook.test",
    timestamp: now.toISOString(),
    data: { endpoint_id: endpointId, message: "This is a test event from the Order Generation Service." },
  };
}

/**
 * The Standard Webhooks `webhook-id` of one event for one destination: derived, not random, so that it is
 * the same on every retry, every redelivery and every re-run of the finaliser (receivers deduplicate by it).
 * `destination` is the subscription's endpoint id, or the callback URL for a per-request callback.
 */
export function deriveWebhookId(rebalanceId: string, type: WebhookEventType, destination: string): string {
  const digest = createHash("sha256")
    .update(JSON.stringify([rebalanceId, type, destination]))
    .digest("base64url");
  return `msg_${digest.slice(0, 32)}`;
}
