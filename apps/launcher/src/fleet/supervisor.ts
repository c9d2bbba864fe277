// Stops everything the launcher started, once: on SIGINT/SIGTERM (exit 0), or when the fleet fails — the
// API or a database died, or a worker or the simulators died beyond their restart budget (exit 1).
// Processes stop in reverse start order (apps before databases).
export interface Stoppable {
  name: string;
  stop(): Promise<void>;
}

/** What the fleet reports to: the supervisor here, or createFleetTracker() for benches and tests. */
export interface FleetTracker {
  /** Registers something to stop, after everything registered later. */
  add(item: Stoppable): void;
  /** The fleet cannot go on (a child died for good): stop it, naming `reason`; `output` is what the child said last. */
  fail(reason: string, output?: string): void;
  readonly isStopping: boolean;
}

export function createSupervisor(log: (line: string) => void) {
  const running: Stoppable[] = [];
  let stopping: Promise<void> | undefined;

  async function stopAll(): Promise<void> {
    for (const item of [...running].reverse()) {
      try {
        await item.stop();
      } catch (error) {
        log(`could not stop ${item.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  function shutdown(reason: string, exitCode: number): Promise<void> {
    stopping ??= (async () => {
      log(
        `${reason}; stopping ${
          running
            .map((item) => item.name)
            .reverse()
            .join(", ") || "nothing"
        }`,
      );
      await stopAll();
      process.exit(exitCode);
    })();
    return stopping;
  }

  process.once("SIGINT", () => void shutdown("SIGINT received", 0));
  process.once("SIGTERM", () => void shutdown("SIGTERM received", 0));

  return {
    /** Registers something to stop on shutdown. */
    add(item: Stoppable): void {
      running.push(item);
    },
    /** The fleet cannot go on: stops everything and exits 1 with `reason`, quoting what the child said last. */
    fail(reason: string, output?: string): void {
      if (stopping) return;
      void shutdown(reason, 1);
      const said = output?.trim();
      if (said) log(`its last output:\n${said}`);
    },
    shutdown,
    get isStopping(): boolean {
      return stopping !== undefined;
    },
  };
}

export type Supervisor = ReturnType<typeof createSupervisor>;
