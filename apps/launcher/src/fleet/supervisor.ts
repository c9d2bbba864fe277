// Stops everything the launcher started, once: on SIGINT/SIGTERM, or when a required process dies
// (then the launcher exits non-zero). Processes stop in reverse start order (apps before databases).
export interface Stoppable {
  name: string;
  stop(): Promise<void>;
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
    /** A required process: when it exits on its own, the whole fleet stops with a non-zero code. */
    require(item: Stoppable & { exited: Promise<number | string>; tail?: () => string }): void {
      running.push(item);
      void item.exited.then((code) => {
        // Quote what the process said last, so "api exited (1)" comes with its reason.
        const said = stopping ? undefined : item.tail?.().trim();
        if (said) log(`${item.name} exited; its last output:\n${said}`);
        return shutdown(`${item.name} exited (${code})`, 1);
      });
    },
    shutdown,
    get isStopping(): boolean {
      return stopping !== undefined;
    },
  };
}

export type Supervisor = ReturnType<typeof createSupervisor>;
