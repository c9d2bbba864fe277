// The one place that decides what a failed job does, for every job kind (SPEC §5.3; ARCHITECTURE "Failures
// mean something"): retry it (attempts and backoff are the queue catalog's), stop the whole rebalance
// (fail-fast), store the portfolio as failed and let its siblings go on, or give up on the job. Decided by
// error class and by how sure the clients are that a service is out (`kind`), never by message text; the
// text of the stored failure is rendered here once (`failureMessage`).
import { describeService } from "@ogs/clients";
import {
  BadUpstreamDataError,
  DependencyUnavailableError,
  DomainError,
  NotFoundError,
  UpstreamNotFoundError,
} from "@ogs/domain";
import type { JobName } from "@ogs/queue";

/** SPEC §5.3: without these a rebalance cannot go on; the Portfolio service is optional (names only). */
export const REQUIRED_SERVICES: ReadonlySet<string> = new Set(["accounting", "security", "pricing"]);

export type FailureDecision =
  /** Throw: the queue retries the job with its catalog backoff while attempts remain. */
  | { action: "retry" }
  /** A required service is down: stop the whole rebalance, naming it (its portfolios not started are cancelled). */
  | { action: "fail-fast"; service: string; message: string }
  /** Store this portfolio as failed with `message`; its siblings go on. */
  | { action: "fail-portfolio"; message: string }
  /** Fail the job for good: retrying cannot help. */
  | { action: "give-up" };

export interface FailedJob {
  name: JobName;
  /** 1-based attempt and the most there will be. */
  attempt: number;
  maxAttempts: number;
}

/** The sentence stored with a failed portfolio (or rebalance): names the service or the security once. */
export function failureMessage(error: unknown): string {
  if (error instanceof DependencyUnavailableError) {
    const service = describeService(error.service);
    // The clients' messages already start with the service's name.
    return error.message.startsWith(service) ? error.message : `${service} is unavailable: ${error.message}`;
  }
  if ((error instanceof BadUpstreamDataError || error instanceof UpstreamNotFoundError) && error.securityId) {
    // "no price for ticker AAPL" names the ticker; the portfolio's error must name the security (SPEC §5.2).
    return error.message.includes(error.securityId) ? error.message : `Security ${error.securityId}: ${error.message}`;
  }
  if (error instanceof NotFoundError && !error.message.includes(error.id)) {
    return `${error.resource} ${error.id}: ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Data of this portfolio only (an unknown security, a bad price): retrying gives the same answer. */
function isPortfolioData(error: unknown): boolean {
  return (
    error instanceof BadUpstreamDataError || error instanceof UpstreamNotFoundError || error instanceof NotFoundError
  );
}

export function decideFailure(error: unknown, job: FailedJob): FailureDecision {
  const last = job.attempt >= job.maxAttempts;
  if (job.name !== "rebalance-portfolio") {
    // Finalisers and deliveries: an outage or a bug may pass; a domain error (bad data, gone) will not.
    return error instanceof DomainError && !(error instanceof DependencyUnavailableError)
      ? { action: "give-up" }
      : { action: "retry" };
  }
  if (error instanceof DependencyUnavailableError && REQUIRED_SERVICES.has(error.service) && error.kind === "down")
    return { action: "fail-fast", service: error.service, message: failureMessage(error) };
  if (isPortfolioData(error) || last) return { action: "fail-portfolio", message: failureMessage(error) };
  // A degraded service (a call failed after its retries while others succeed), MongoDB or Redis, or a bug: the
  // portfolio job runs again later.
  return { action: "retry" };
}

/** For the queue: the errors a job (any kind) must not be retried on, whatever attempts remain. */
export function isPermanentFailure(error: unknown): boolean {
  return error instanceof DomainError && !(error instanceof DependencyUnavailableError);
}
