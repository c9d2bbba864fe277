// A fleet tracker for programs that start and stop fleets themselves (the fleet bench, tests): unlike
// the supervisor it never exits the process; a required child that dies rejects `failure` instead.
import type { FleetTracker } from "./fleet.js";
import type { NodeProcess } from "./node-process.js";
import type { Stoppable } from "./supervisor.js";

export interface StoppableFleet extends FleetTracker {
  /** Rejects when a required child exits before `stop()`; never resolves otherwise. */
  failure: Promise<never>;
  /** Stops everything in reverse start order. */
  stop(): Promise<void>;
}

export function createFleetTracker(): StoppableFleet {
  const running: Stoppable[] = [];
  let stopping = false;
  let fail: (error: Error) => void = () => undefined;
  const failure = new Promise<never>((_, reject) => (fail = reject));
  // Nobody may be listening yet; the rejection is still delivered to later awaits.
  failure.catch(() => undefined);
  return {
    failure,
    add: (item) => void running.push(item),
    require(item: NodeProcess) {
      running.push(item);
      void item.exited.then((code) => {
        if (!stopping) fail(new Error(`${item.name} exited unexpectedly (${code}); its last output:\n${item.tail()}`));
      });
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
