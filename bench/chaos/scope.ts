// What a chaos scenario started and must take down again, failed or not: processes (stopped in reverse
// start order), temporary directories, and the ports they listened on. `close()` proves the clean-up: every
// recorded pid is gone, every port refuses connections and every directory is removed — or it says which
// are left, so a leak fails the scenario instead of poisoning the next one.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Scope {
  /** Registers an async stop; run in reverse order by `close()` (at once when the scope is already closed). */
  onClose(name: string, stop: () => Promise<void>): void;
  /** A fresh temporary directory, removed by `close()`; throws once the scope is closed (a start cut short). */
  tempDir(label: string): string;
  /** A process to check for by `close()` (its pid may change, hence the getter). */
  watchPid(name: string, pid: () => number | undefined): void;
  /** A port that must refuse connections after `close()`. */
  watchPort(name: string, url: string): void;
  /** Stops everything; resolves with what is still left (empty when the clean-up is complete). */
  close(): Promise<string[]>;
}

const STOP_BUDGET_MS = 20_000;

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The state follows the command name; a zombie (Z) has exited and only awaits its parent's reaping.
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

function refuses(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ port: Number(port), host: hostname });
    socket.setTimeout(2_000, () => (socket.destroy(), resolve(false)));
    socket.once("connect", () => (socket.destroy(), resolve(false)));
    socket.once("error", () => resolve(true));
  });
}

export function createScope(): Scope {
  const stops: Array<{ name: string; stop: () => Promise<void> }> = [];
  const dirs: string[] = [];
  const pids: Array<{ name: string; pid: () => number | undefined }> = [];
  const ports: Array<{ name: string; url: string }> = [];
  const seenPids = new Map<string, Set<number>>();
  let closed = false;
  const remember = () => {
    for (const { name, pid } of pids) {
      const value = pid();
      if (value) seenPids.set(name, (seenPids.get(name) ?? new Set()).add(value));
    }
  };
  return {
    onClose(name, stop) {
      if (closed) void stop().catch(() => undefined);
      else stops.push({ name, stop });
    },
    tempDir(label) {
      if (closed) throw new Error(`the scope was closed before ${label} could start`);
      const dir = mkdtempSync(join(tmpdir(), `ogs-chaos-${label}-`));
      dirs.push(dir);
      return dir;
    },
    watchPid: (name, pid) => void pids.push({ name, pid }),
    watchPort: (name, url) => void ports.push({ name, url }),
    async close() {
      closed = true;
      remember();
      const left: string[] = [];
      for (const { name, stop } of stops.reverse()) {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<string>((resolve) => {
          timer = setTimeout(() => resolve(`${name}: not stopped within ${STOP_BUDGET_MS} ms`), STOP_BUDGET_MS);
        });
        const outcome = await Promise.race([
          stop().then(
            () => undefined,
            (error: unknown) => `${name}: ${error instanceof Error ? error.message : String(error)}`,
          ),
          timeout,
        ]);
        clearTimeout(timer);
        if (outcome) left.push(outcome);
      }
      stops.length = 0;
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
      // Give exit events a moment to be reaped before looking at /proc.
      await new Promise((resolve) => setTimeout(resolve, 200));
      for (const [name, set] of seenPids)
        for (const pid of set)
          if (alive(pid)) {
            process.kill(pid, "SIGKILL");
            left.push(`${name} (pid ${pid}) was still running: killed`);
          }
      for (const { name, url } of ports) if (!(await refuses(url))) left.push(`${name} still listens on ${url}`);
      for (const dir of dirs.splice(0)) if (existsSync(dir)) left.push(`directory ${dir} is left`);
      return left;
    },
  };
}
