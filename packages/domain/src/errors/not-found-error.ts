// A resource that does not exist (HTTP 404).
import { DomainError } from "./domain-error.js";

export class NotFoundError extends DomainError {
  readonly code = "not-found";
  constructor(
    readonly resource: string,
    readonly id: string,
    message = `${resource} ${id} was not found.`,
  ) {
    super(message);
  }
}
