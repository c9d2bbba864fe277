// A fleet child that `npm start` restarts when it dies on its own (workers, simulators): each death is
// logged with the child's name, exit code or signal and last output line, then planned by the restart
// policy; when the budget is spent (or there is no policy, as in the demo) the whole fleet stops.
import type { NodeProcess } from "./node-process.js";
import { planRestart, type RestartPolicy } from "./restart-policy.js";
import type { FleetTracker, Stoppable } from "./supervisor.js";

/** One run of the child: the process, and when it is ready to serve. */
export interface Incarnation {
  process: NodeProcess;
  /** Rejects when the process exits first or does not get ready in time. */
  ready: Promise<void>;
}

export interface SupervisedOptions {
  name: string;
  /** Starts the child; called again for each restart (same ports, same environment). */
  spawn(): Incarnation;
  /** Undefined: the first death stops the fleet. */
  policy: RestartPolicy | undefined;
  tracker: FleetTracker;
  log(line: string): void;
  /** Runs once the last incarnation has stopped (e.g. removes a temporary directory). */
  cleanup?(): void;
}

export interface SupervisedProcess extends Stoppable {
  /** The current incarnation's process. */
  readonly current: NodeProcess;
  /** Restarts so far. */
  readonly restarts: number;
}

/** Long pino lines are cut so the restart line stays one readable line. */
const LAST_LINE_CHARS = 500;

export function lastLine(output: string): string {
  const line = output.trimEnd().split("\n").at(-1)?.trim() ?? "";
  if (!line) return "(no output)";
  return line.length > LAST_LINE_CHARS ? `${line.slice(0, LAST_LINE_CHARS)}…` : line;
}

/**
 * Starts the child and resolves once its first incarnation is ready (a failure to start rejects: start-up
 * failures are not retried). From then on every death that the fleet did not cause is supervised.
 */
export async function startSupervised(options: SupervisedOptions): Promise<SupervisedProcess> {
  const { name, spawn, policy, tracker, log } = options;
  const restartedAt: number[] = [];
  let current = spawn();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const leaving = () => stopped || tracker.isStopping;

  const supervised: SupervisedProcess = {
    name,
    get current() {
      return current.process;
    },
    get restarts() {
      return restartedAt.length;
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current.process.stop();
      options.cleanup?.();
    },
  };
  tracker.add(supervised);

  function watch(child: NodeProcess): void {
    void child.exited.then((code) => {
      if (!leaving() && child === current.process) died(child, code);
    });
  }

  function died(child: NodeProcess, code: number | string): void {
    const now = Date.now();
    const plan = planRestart(restartedAt, now, policy);
    const budget = policy?.budget ?? 0;
    const window = `${(policy?.windowMs ?? 0) / 1000} s`;
    if (!plan.restart) {
      const reason =
        budget > 0
          ? `${name} exited (${code}) after ${plan.recent} restarts within ${window}; its restart budget (LAUNCHER_RESTART_BUDGET=${budget}) is spent`
          : `${name} exited (${code})`;
      tracker.fail(reason, child.tail());
      return;
    }
    restartedAt.push(now);
    log(
      `${name} exited (${code}); its last output: ${lastLine(child.tail())}; restarting it in ${plan.delayMs} ms (restart ${plan.nth} of ${budget} within ${window})`,
    );
    timer = setTimeout(() => void restart(), plan.delayMs);
  }

  async function restart(): Promise<void> {
    if (leaving()) return;
    current = spawn();
    const incarnation = current;
    watch(incarnation.process);
    try {
      await incarnation.ready;
      log(`${name} restarted (pid ${incarnation.process.process.pid})`);
    } catch (error) {
      // An early exit is already counted by watch(); a child that never got ready is stopped, which counts too.
      if (leaving() || incarnation.process.process.exitCode !== null || incarnation.process.process.signalCode) return;
      log(
        `${name} did not get ready: ${error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error)}`,
      );
      await incarnation.process.stop(2_000);
    }
  }

  await current.ready;
  watch(current.process);
  return supervised;
}
