// A child process that can be stopped with a bounded grace period, and a helper to wait for a line of output.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

export interface ManagedChild {
  readonly name: string;
  readonly process: ChildProcess;
  /** Resolves with the exit code (or signal name) when the process ends, for whatever reason. */
  readonly exited: Promise<number | string>;
  /** Sends SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

export function spawnChild(name: string, command: string, args: string[], options: SpawnOptions = {}): ManagedChild {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
  const exited = new Promise<number | string>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode ?? child.signalCode ?? "unknown");
    else child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown"));
  });
  return {
    name,
    process: child,
    exited,
    async stop(graceMs = 5_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Resolves with the first match of `pattern` in the child's stdout/stderr; rejects if the child
 * exits first or `timeoutMs` passes. The rejection carries the output seen so far.
 */
export function waitForOutput(
  child: ChildProcess,
  pattern: RegExp,
  timeoutMs: number,
  label: string,
): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = seen.match(pattern);
      if (match) finish(() => resolve(match));
    };
    const onExit = (code: number | null) =>
      finish(() =>
        reject(new Error(`${label} exited (code ${code}) before it was ready. Output:\n${seen.slice(-2000)}`)),
      );
    const timer = setTimeout(
      () =>
        finish(() => reject(new Error(`${label} was not ready within ${timeoutMs} ms. Output:\n${seen.slice(-2000)}`))),
      timeoutMs,
    );
    function finish(action: () => void) {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.stderr?.off("data", onData);
      child.off("exit", onExit);
      action();
    }
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", onExit);
  });
}
