// Well-formed input that breaks a business rule of SPEC §4.2 or §5 (HTTP 422).
import { DomainError } from "./domain-error.js";
import type { FieldError } from "./validation-error.js";

export class RuleViolationError extends DomainError {
  readonly code = "rule-violation";
  constructor(
    /** Short rule name, e.g. `target-multiple-of-0.005`. */
    readonly rule: string,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}
