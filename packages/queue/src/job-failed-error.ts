// A job that failed for good (its portfolio is stored as failed, or its input can never work): the queue fails
// it at once, without the catalog's retries, so Bull Board's failed set and the metrics are real. Handlers throw
// this instead of BullMQ's UnrecoverableError, so no app imports BullMQ.
export class JobFailedError extends Error {
  override readonly name = "JobFailedError";
}
