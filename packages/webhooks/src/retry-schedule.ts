// The webhook retry schedule (`WEBHOOK_RETRY_SCHEDULE`, seconds before each retry): pure functions for
// the delivery job and for a BullMQ custom backoff strategy, so both agree on when the next attempt runs.

export type RetryDecision = { exhausted: false; delay_ms: number } | { exhausted: true };

/** First attempt plus one retry per schedule entry. */
export function maxAttempts(schedule: readonly number[]): number {
  return schedule.length + 1;
}

/** Milliseconds to wait before attempt `attempt` (1-based); 0 for the first attempt. */
export function delayBeforeAttempt(schedule: readonly number[], attempt: number): number {
  if (attempt <= 1) return 0;
  const seconds = schedule[attempt - 2];
  if (seconds === undefined)
    throw new RangeError(`attempt ${attempt} is beyond the retry schedule of ${maxAttempts(schedule)} attempts`);
  return Math.round(seconds * 1000);
}

/** After attempt `attempt` (1-based) failed in a retryable way: wait, or give up. */
export function nextRetry(schedule: readonly number[], attempt: number): RetryDecision {
  if (attempt >= maxAttempts(schedule)) return { exhausted: true };
  return { exhausted: false, delay_ms: delayBeforeAttempt(schedule, attempt + 1) };
}

/**
 * A BullMQ custom backoff strategy (`settings.backoffStrategy`) over the schedule; BullMQ passes the number
 * of attempts made so far. Configure the job with `attempts: maxAttempts(schedule)`, `backoff: {type: "custom"}`.
 */
export function scheduleBackoff(schedule: readonly number[]): (attemptsMade: number) => number {
  return (attemptsMade) => delayBeforeAttempt(schedule, Math.min(attemptsMade + 1, maxAttempts(schedule)));
}
