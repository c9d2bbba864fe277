// A write that conflicts with the current state: stale version, duplicate name, active rebalance (HTTP 409).
import { DomainError } from "./domain-error.js";

export class ConflictError extends DomainError {
  readonly code = "conflict";
  constructor(
    message: string,
    /** Extra members for the problem document, e.g. `{ current_version: 3 }`. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
