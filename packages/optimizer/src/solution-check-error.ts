// A solution that breaks a constraint when re-checked in exact decimals: a bug, never an output (SPEC §5.1).
export class SolutionCheckError extends Error {
  override readonly name = "SolutionCheckError";
  constructor(
    /** The constraint that failed, e.g. `cash` or `upper band of 5f…`. */
    readonly constraint: string,
    detail: string,
  ) {
    super(`solution check failed on ${constraint}: ${detail}`);
  }
}
