// An external service answered, but with data we cannot use (non-numeric amount, price <= 0).
import { DomainError } from "./domain-error.js";

export class BadUpstreamDataError extends DomainError {
  readonly code = "bad-upstream-data";
  constructor(
    readonly service: string,
    message: string,
    readonly path?: string,
    /** The security the bad value belongs to, when there is one. */
    readonly securityId?: string,
  ) {
    super(message);
  }
}
