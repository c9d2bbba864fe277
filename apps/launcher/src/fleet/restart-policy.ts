// When `npm start` restarts a child that died on its own (SPEC §8: the local fleet keeps running like a
// deployed one would): after a delay that doubles with each recent restart, until a budget of restarts
// within a sliding window is spent. Pure, so the arithmetic is tested without processes.
export interface RestartPolicy {
  /** Delay before the first restart within the window. */
  delayMs: number;
  /** Upper bound of the doubling delay. */
  maxDelayMs: number;
  /** Restarts allowed within `windowMs`; 0 = never restart. */
  budget: number;
  /** Sliding window of the budget and of the doubling. */
  windowMs: number;
}

export type RestartPlan =
  | { restart: true; delayMs: number; /** This restart's number within the window, from 1. */ nth: number }
  | { restart: false; /** Restarts already made within the window. */ recent: number };

export interface LauncherRestartSettings {
  LAUNCHER_RESTART_DELAY_MS: number;
  LAUNCHER_RESTART_MAX_DELAY_MS: number;
  LAUNCHER_RESTART_BUDGET: number;
  LAUNCHER_RESTART_WINDOW_MS: number;
}

export function restartPolicyFrom(settings: LauncherRestartSettings): RestartPolicy {
  return {
    delayMs: settings.LAUNCHER_RESTART_DELAY_MS,
    maxDelayMs: settings.LAUNCHER_RESTART_MAX_DELAY_MS,
    budget: settings.LAUNCHER_RESTART_BUDGET,
    windowMs: settings.LAUNCHER_RESTART_WINDOW_MS,
  };
}

/**
 * Decides what to do about a child that just died at `now`, given when it was restarted before.
 * No policy means fail fast (the demo and the benches: a death there is a failure to report).
 */
export function planRestart(
  restartedAt: readonly number[],
  now: number,
  policy: RestartPolicy | undefined,
): RestartPlan {
  if (!policy) return { restart: false, recent: 0 };
  const recent = restartedAt.filter((time) => now - time < policy.windowMs).length;
  if (recent >= policy.budget) return { restart: false, recent };
  return { restart: true, delayMs: Math.min(policy.delayMs * 2 ** recent, policy.maxDelayMs), nth: recent + 1 };
}
