// Decides what an error means for a portfolio, by error class (never by message text).
import { describeService } from "@ogs/clients";
import { BadUpstreamDataError, DependencyUnavailableError, NotFoundError, UpstreamNotFoundError } from "@ogs/domain";

/** SPEC §5.3: without these a rebalance cannot go on; the Portfolio service is optional (names only). */
export const REQUIRED_SERVICES: ReadonlySet<string> = new Set(["accounting", "security", "pricing"]);

export type FailureKind =
  /** A required service is down after the clients' retries: stop the whole rebalance (SPEC §5.3). */
  | { kind: "fail-fast"; service: string; message: string }
  /** Bad or missing data for this portfolio only (unknown security, bad price): fail it, keep siblings. */
  | { kind: "portfolio"; message: string }
  /** Anything else (database blip, bug): retry the job while attempts remain. */
  | { kind: "retry"; message: string };

export function classifyFailure(error: unknown): FailureKind {
  if (error instanceof DependencyUnavailableError && REQUIRED_SERVICES.has(error.service)) {
    // The clients' errors already say "The Pricing service (pricing) is unavailable: …"; only others get the name in front.
    const service = describeService(error.service);
    const message = error.message.startsWith(service) ? error.message : `${service} is unavailable: ${error.message}`;
    return { kind: "fail-fast", service: error.service, message };
  }
  if (error instanceof BadUpstreamDataError) {
    const named =
      error.securityId && !error.message.includes(error.securityId)
        ? `Security ${error.securityId}: ${error.message}`
        : error.message;
    return { kind: "portfolio", message: named };
  }
  if (error instanceof UpstreamNotFoundError && error.securityId && !error.message.includes(error.securityId)) {
    // "no price for ticker AAPL" names the ticker; the portfolio's error must name the security (SPEC §5.2).
    return { kind: "portfolio", message: `Security ${error.securityId}: ${error.message}` };
  }
  if (error instanceof NotFoundError) {
    const named = error.message.includes(error.id) ? error.message : `${error.resource} ${error.id}: ${error.message}`;
    return { kind: "portfolio", message: named };
  }
  return { kind: "retry", message: error instanceof Error ? error.message : String(error) };
}
