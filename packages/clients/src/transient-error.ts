// A failed attempt worth retrying (SPEC §5.3): connection error, timeout or 5xx. Internal to the
// package; callers only ever see DependencyUnavailableError once retries are exhausted.
/** `refused`: nothing listens at the address (ECONNREFUSED, no such host); `connection`: any other connection failure. */
export type TransientKind = "refused" | "connection" | "timeout" | "http_5xx";

export class TransientHttpError extends Error {
  constructor(
    readonly kind: TransientKind,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "TransientHttpError";
  }
}
