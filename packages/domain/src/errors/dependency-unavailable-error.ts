// An external service that could not be reached or answered 5xx after retries (SPEC §5.3; HTTP 503).
import { DomainError } from "./domain-error.js";

export class DependencyUnavailableError extends DomainError {
  readonly code = "dependency-unavailable";
  constructor(
    /** Service name: accounting, security, pricing, portfolio, order, mongodb, redis. */
    readonly service: string,
    message: string,
    /** The URL path that failed, when the dependency is an HTTP service. */
    readonly path?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
