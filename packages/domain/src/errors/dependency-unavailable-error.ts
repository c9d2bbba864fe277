// An external dependency that could not be used after retries (SPEC §5.3; HTTP 503). `kind` says how sure
// we are that it is out of service: `down` (no connection after every retry, an open circuit breaker,
// refused credentials — every call will fail) or `degraded` (this call timed out or got 5xx after its
// retries, but the service answers others). Only `down` stops a whole rebalance; a degraded call fails
// (and retries) its portfolio.
import { DomainError } from "./domain-error.js";

export type UnavailableKind = "down" | "degraded";

export interface UnavailableOptions extends ErrorOptions {
  /** @defaultValue "down" */
  kind?: UnavailableKind;
}

export class DependencyUnavailableError extends DomainError {
  readonly code = "dependency-unavailable";
  readonly kind: UnavailableKind;
  constructor(
    /** Service name: accounting, security, pricing, portfolio, order, mongodb, redis. */
    readonly service: string,
    message: string,
    /** The URL path that failed, when the dependency is an HTTP service. */
    readonly path?: string,
    options: UnavailableOptions = {},
  ) {
    super(message, options);
    this.kind = options.kind ?? "down";
  }
}
