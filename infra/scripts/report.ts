// Uniform output for the infra checks: one line per finding, a failing exit code when any failed.
export interface Report {
  ok(message: string): void;
  fail(message: string): void;
  readonly failures: number;
  /** Prints the summary line and sets the process exit code. */
  finish(title: string): void;
}

export function createReport(): Report {
  let failures = 0;
  return {
    ok: (message) => process.stdout.write(`  ok    ${message}\n`),
    fail: (message) => {
      failures += 1;
      process.stdout.write(`  FAIL  ${message}\n`);
    },
    get failures() {
      return failures;
    },
    finish(title) {
      process.stdout.write(failures === 0 ? `${title}: passed\n` : `${title}: ${failures} problem(s)\n`);
      if (failures > 0) process.exitCode = 1;
    },
  };
}
