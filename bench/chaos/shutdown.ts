// Ctrl-C or a CI timeout (SIGINT, SIGTERM) during the suite: stop starting anything, take down what runs —
// the current scenario's own processes and the fleet — then exit 130 (143). Children are not detached, so
// they would outlive a runner that simply exited.
const closers = new Set<() => Promise<unknown>>();
let stopping = false;

/** Registers something to close on a signal; returns its unregistration. */
export function onShutdown(close: () => Promise<unknown>): () => void {
  closers.add(close);
  return () => void closers.delete(close);
}

export function isStopping(): boolean {
  return stopping;
}

export function installShutdown(log: (line: string) => void): void {
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: taking the fleet down`);
    void Promise.allSettled([...closers].map((close) => close())).finally(() =>
      process.exit(signal === "SIGINT" ? 130 : 143),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
