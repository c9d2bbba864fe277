// The one place that turns ids into BullMQ job ids (SPEC §5.4: deterministic ids make a repeated
// enqueue a no-op). Deviation from SPEC: the separator is "-" instead of ":" because BullMQ >= 5.58
// rejects custom ids with one colon ("Custom Id cannot contain :") and colons break getFlow
// (bullmq issue #3382). Rebalance and portfolio ids are 24 alphanumeric characters, so "-" cannot
// collide with either part.
const SEPARATOR = "-";

/** Job id of the portfolio job: `{rebalance_id}-{portfolio_id}`. */
export function portfolioJobId(rebalanceId: string, portfolioId: string): string {
  return `${rebalanceId}${SEPARATOR}${portfolioId}`;
}

/** Job id of the finaliser (the flow's parent): `{rebalance_id}-finalize`. */
export function finalizerJobId(rebalanceId: string): string {
  return `${rebalanceId}${SEPARATOR}finalize`;
}

/** Job id of a webhook delivery's first run: `{delivery_id}-deliver` (a finaliser that runs twice enqueues it once). */
export function webhookJobId(deliveryId: string): string {
  return `${deliveryId}${SEPARATOR}deliver`;
}

/**
 * Job id of the delivery's n-th redelivery, `{delivery_id}-redeliver-{n}` (n ≥ 1, the delivery's stored
 * redelivery count): new for each redelivery, so it is never a no-op, and derivable from the stored delivery,
 * so the workers' repair can find the job of any pending delivery.
 */
export function redeliveryJobId(deliveryId: string, n: number): string {
  return `${deliveryId}${SEPARATOR}redeliver${SEPARATOR}${n}`;
}

/** The job id of a delivery's current run: the first run, or its latest redelivery. */
export function currentDeliveryJobId(deliveryId: string, redeliveries: number): string {
  return redeliveries > 0 ? redeliveryJobId(deliveryId, redeliveries) : webhookJobId(deliveryId);
}

/** The delivery id inside a delivery job's id (first run or redelivery); undefined for any other id. */
export function deliveryIdOfJob(jobId: string): string | undefined {
  const match = /^([0-9a-fA-F]{24})-(?:deliver|redeliver-[A-Za-z0-9]+)$/.exec(jobId);
  return match?.[1];
}
