export { DomainError } from "./domain-error.js";
export { ValidationError, type FieldError } from "./validation-error.js";
export { NotFoundError } from "./not-found-error.js";
export { ConflictError } from "./conflict-error.js";
export { RuleViolationError } from "./rule-violation-error.js";
export { DependencyUnavailableError, type UnavailableKind } from "./dependency-unavailable-error.js";
export { BadUpstreamDataError } from "./bad-upstream-data-error.js";
export { UpstreamNotFoundError } from "./upstream-not-found-error.js";
