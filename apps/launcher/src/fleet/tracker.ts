// A fleet tracker for programs that start and stop fleets themselves (the fleet bench, tests): unlike
// the supervisor it never exits the process; when the fleet fails (a child died for good) `failure` rejects.
import type { FleetTracker, Stoppable } from "./supervisor.js";

export interface StoppableFleet extends FleetTracker {
  /** Rejects when the fleet fails before `stop()`; never resolves otherwise. */
  failure: Promise<never>;
  /** Stops everything in reverse start order. */
  stop(): Promise<void>;
}

export function createFleetTracker(): StoppableFleet {
  const running: Stoppable[] = [];
  let stopping = false;
  let reject: (error: Error) => void = () => undefined;
  const failure = new Promise<never>((_, fail) => (reject = fail));
  // Nobody may be listening yet; the rejection is still delivered to later awaits.
  failure.catch(() => undefined);
  return {
    failure,
    add: (item) => void running.push(item),
    fail(reason, output) {
      if (!stopping) reject(new Error(`${reason}; its last output:\n${output ?? "(none)"}`));
    },
    get isStopping() {
      return stopping;
    },
    async stop() {
      stopping = true;
      for (const item of running.reverse()) await item.stop().catch(() => undefined);
      running.length = 0;
    },
  };
}
