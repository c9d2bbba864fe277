// Base class of every error a package throws on purpose; the API maps subclasses to problem details.
export abstract class DomainError extends Error {
  /** A stable machine-readable code, also the last segment of the problem `type` URI. */
  abstract readonly code: string;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
