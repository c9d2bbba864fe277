// Malformed input: a list of fields and what is wrong with each (HTTP 400).
import { DomainError } from "./domain-error.js";

export interface FieldError {
  /** Dotted path of the offending field, e.g. `positions.3.target`. */
  field: string;
  message: string;
}

export class ValidationError extends DomainError {
  readonly code = "validation-error";
  constructor(
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}
