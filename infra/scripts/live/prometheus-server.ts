// A real Prometheus server on a free loopback port, with a bounded stop, and its HTTP API.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export interface PrometheusServer {
  url: string;
  query<T>(path: string): Promise<T>;
  stop(): Promise<void>;
}

export async function startPrometheus({
  configFile,
  dataDir,
  log,
}: {
  configFile: string;
  dataDir: string;
  log: (line: string) => void;
}): Promise<PrometheusServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    "prometheus",
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${dataDir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--log.level=warn",
    ],
    {
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) =>
    chunk
      .trim()
      .split("\n")
      .forEach((line) => log(`prometheus: ${line}`)),
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };
  const query = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return (await response.json()) as T;
  };
  for (let waited = 0; ; waited += 250) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with code ${child.exitCode}`);
    const ready = await fetch(`${url}/-/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return { url, query, stop };
    if (waited > 20_000) {
      await stop();
      throw new Error("prometheus did not become ready within 20 s");
    }
    await sleep(250);
  }
}
