// Runs the BUILT launcher (`npm start`) as a test would: its own process group (so a test can press
// "Ctrl-C" on the whole group and clean every grandchild up), a temporary data directory, FLEET_URLS_FILE;
// plus helpers to find its children by command line and to watch ports and processes go away.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { findFreePort, waitForOutput } from "../../src/embedded/index.js";

export const MAIN = fileURLToPath(new URL("../../dist/main.js", import.meta.url));

export interface FleetUrls {
  api: string;
  workers: string[];
  simulators: Record<string, string>;
  redis: string;
  mongodb: string;
}

export interface Launched {
  child: ChildProcess;
  urls: FleetUrls;
  output(): string;
  /** Resolves with the launcher's exit code. */
  exit(): Promise<number | null>;
}

const launched: ChildProcess[] = [];
const dirs: string[] = [];

/** For afterEach: kills what a test left running (the whole process group) and removes its directories. */
export function cleanUp(): void {
  for (const child of launched.splice(0))
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** `npm start` with `env` on top of test defaults; resolves once the banner is printed. */
export async function startLauncher(env: Record<string, string>): Promise<Launched> {
  const dir = mkdtempSync(join(tmpdir(), "ogs-launcher-test-"));
  dirs.push(dir);
  const file = join(dir, "fleet.json");
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH,
      HOST: "127.0.0.1",
      PORT: String(await findFreePort()),
      LAUNCHER_DATA_DIR: join(dir, "data"),
      LOG_LEVEL: "warn",
      SIMULATOR_PORTFOLIOS: "40",
      FLEET_URLS_FILE: file,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  launched.push(child);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await waitForOutput(child, /Press Ctrl-C to stop\./, 60_000, "launcher");
  return {
    child,
    urls: JSON.parse(readFileSync(file, "utf8")) as FleetUrls,
    output: () => output,
    exit: () => exited,
  };
}

/** Pids of the direct children of `pid` whose command line contains `command`. */
export function childPids(pid: number, command: string): number[] {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
  return children.map(Number).filter((child) => {
    try {
      return readFileSync(`/proc/${child}/cmdline`, "utf8").includes(command);
    } catch {
      return false;
    }
  });
}

/** True once the process is gone or a zombie (it has exited and awaits its parent). */
export function isGone(pid: number): boolean {
  try {
    return !existsSync(`/proc/${pid}`) || / Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\)/, ""));
  } catch {
    return true;
  }
}

export async function until<T>(probe: () => T | undefined | null | false, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function refusesConnections(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ port: Number(port), host: hostname });
    socket.once("connect", () => (socket.destroy(), resolve(false)));
    socket.once("error", () => resolve(true));
  });
}
