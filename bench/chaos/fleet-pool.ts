// Fleets shared by consecutive scenarios: starting one costs ~5–10 s on this machine, and most scenarios
// strike a fleet and leave it as they found it. Scenarios that declare the same plan key one after another
// share one fleet; before it is handed on it must be healthy (API and every worker ready, Redis and MongoDB
// answering), or the next scenario fails naming what its predecessor left broken; the simulators' faults are
// cleared. A failed scenario's fleet is never handed on: it is taken down and the next one starts fresh.
import { clearAllFaults } from "./client.js";
import { createScope, type Scope } from "./scope.js";
import { isStopping, onShutdown } from "./shutdown.js";
import { startChaosFleet, type ChaosFleet, type ChaosFleetOptions } from "./fleet.js";

export interface FleetPlan {
  /** Consecutive scenarios with the same key share one fleet. */
  key: string;
  options: ChaosFleetOptions;
}

export interface FleetPool {
  /** The running fleet when its key is `plan.key` (checked healthy), otherwise a fresh one. */
  acquire(plan: FleetPlan): Promise<ChaosFleet>;
  /** Takes the running fleet down; resolves with what its clean-up left behind. */
  release(): Promise<string[]>;
}

async function ready(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
  return response?.ok ?? false;
}

/** What is wrong with a fleet a scenario is about to be given (empty when nothing). */
export async function unhealthy(chaos: ChaosFleet): Promise<string[]> {
  const problems: string[] = [];
  if (!chaos.redis.pid()) problems.push("redis-server is not running");
  if (!(await ready(`${chaos.api}/health/ready`))) problems.push("the API is not ready (MongoDB or Redis unreachable)");
  for (const [index, url] of chaos.fleet.urls.workers.entries())
    if (!(await ready(`${url}/health/ready`))) problems.push(`worker-${index + 1} is not ready`);
  return problems;
}

export function createFleetPool(): FleetPool {
  // Set before the fleet starts, so a scenario that times out during the start still has it taken down.
  let current: { key: string; scope: Scope; chaos?: ChaosFleet } | undefined;
  const release = async (): Promise<string[]> => {
    const leaving = current;
    current = undefined;
    return leaving ? leaving.scope.close() : [];
  };
  onShutdown(release);
  return {
    async acquire(plan) {
      if (isStopping()) throw new Error("the suite is stopping");
      if (current?.key === plan.key && current.chaos) {
        const problems = await unhealthy(current.chaos);
        if (problems.length)
          throw new Error(`the fleet the previous scenario left is unhealthy: ${problems.join("; ")}`);
        await clearAllFaults(current.chaos.fleet.urls.simulators);
        return current.chaos;
      }
      await release();
      const entry: { key: string; scope: Scope; chaos?: ChaosFleet } = { key: plan.key, scope: createScope() };
      current = entry;
      entry.chaos = await startChaosFleet(entry.scope, plan.options);
      return entry.chaos;
    },
    release,
  };
}
