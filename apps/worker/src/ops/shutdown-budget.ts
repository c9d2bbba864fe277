// How long a worker may take to stop (SPEC §5.4), in one place: the worker enforces it (worker-app.ts, main.ts),
// the shutdown test measures it, and infra/scripts checks that the compose stop_grace_period and the Kubernetes
// terminationGracePeriodSeconds exceed SHUTDOWN_GRACE_MS + SHUTDOWN_CLOSE_BOUND_MS. No imports, so the infra
// scripts can read it.

/**
 * One deadline for every close step after the grace period (queues, Redis, MongoDB, solver pool, clients, ops
 * server, telemetry flush), which run concurrently where they do not depend on each other.
 */
export const SHUTDOWN_CLOSE_MS = 8_000;

/** When main.ts exits anyway, after the signal: past the grace period and the close deadline, with a margin. */
export function shutdownBackstopMs(graceMs: number): number {
  return graceMs + SHUTDOWN_CLOSE_MS + 1_000;
}

/**
 * The most a worker takes beyond SHUTDOWN_GRACE_MS from SIGTERM/SIGINT to exit, whatever hangs: the close
 * deadline, the backstop's margin and a second for the exit itself.
 */
export const SHUTDOWN_CLOSE_BOUND_MS = 10_000;
