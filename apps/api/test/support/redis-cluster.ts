// A real Redis Cluster for integration tests, from Debian's redis-server: masters on free loopback ports,
// each with its own cluster bus port (`cluster-port`, so `port + 10000` need not be free), its nodes.conf
// and AOF in a temporary directory — so a restarted master comes back with the same id, the same slots
// and the same keys, as a managed cluster's node would. No replicas: a master that is down leaves its
// slots unserved until it is back, the harshest case for the clients.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { findFreePort, findRedisServer, spawnChild, waitForOutput, type ManagedChild } from "@ogs/test-support";

const run = promisify(execFile);
const HOST = "127.0.0.1";

export interface RedisClusterOptions {
  /** @defaultValue 3 */
  masters?: number;
  /** `cluster-node-timeout`: how long a silent master may be away before the others mark it failed. @defaultValue 5000 */
  nodeTimeoutMs?: number;
}

export interface RedisCluster {
  /** `host:port,…` of every master: the value of REDIS_CLUSTER_NODES. */
  seeds: string;
  ports: number[];
  /** Runs redis-cli against one node and returns its output, trimmed. */
  cli(port: number, ...args: string[]): Promise<string>;
  /** The port of the master serving the hash slot of `key`. */
  masterOf(key: string): Promise<number>;
  /** SIGTERM one node and wait until it has exited (its AOF is flushed on the way out). */
  stopNode(port: number): Promise<void>;
  /** Start a stopped node again with the same configuration; resolves once every node reports the cluster ok. */
  startNode(port: number): Promise<void>;
  /** Stops every node and removes the temporary directory. */
  stop(): Promise<void>;
}

interface Node {
  port: number;
  busPort: number;
  dir: string;
  child?: ManagedChild;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function spawnNode(binary: string, node: Node, nodeTimeoutMs: number): Promise<ManagedChild> {
  const child = spawnChild(`redis-cluster-${node.port}`, binary, [
    "--port",
    String(node.port),
    "--cluster-port",
    String(node.busPort),
    "--bind",
    HOST,
    "--cluster-enabled",
    "yes",
    "--cluster-config-file",
    join(node.dir, "nodes.conf"),
    "--cluster-node-timeout",
    String(nodeTimeoutMs),
    "--dir",
    node.dir,
    "--appendonly",
    "yes",
    "--save",
    "",
    // BullMQ requires noeviction: an evicted job key silently loses work.
    "--maxmemory-policy",
    "noeviction",
    "--daemonize",
    "no",
  ]);
  try {
    await waitForOutput(
      child.process,
      /Ready to accept connections/,
      15_000,
      `redis-server (cluster node ${node.port})`,
    );
  } catch (error) {
    await child.stop(1_000);
    throw error;
  }
  return child;
}

async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run("redis-cli", ["-h", HOST, "-p", String(port), ...args], { timeout: 20_000 });
  return stdout.trim();
}

/** The port of the master whose slot ranges (CLUSTER NODES) contain `slot`. */
function portServing(clusterNodes: string, slot: number): number | undefined {
  for (const line of clusterNodes.split("\n")) {
    const [, address, flags, , , , , , ...ranges] = line.trim().split(" ");
    if (!address || !flags?.includes("master")) continue;
    const serves = ranges.some((range) => {
      const [from, to = from] = range.split("-").map(Number);
      return from !== undefined && to !== undefined && slot >= from && slot <= to;
    });
    if (serves) return Number(address.split("@")[0]!.split(":").at(-1));
  }
  return undefined;
}

async function waitUntilOk(ports: number[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const states = await Promise.all(ports.map((port) => cli(port, "CLUSTER", "INFO").catch(() => "")));
    if (states.every((info) => info.includes("cluster_state:ok"))) return;
    if (Date.now() > deadline)
      throw new Error(`the Redis Cluster is not ok after ${timeoutMs} ms:\n${states.join("\n")}`);
    await sleep(100);
  }
}

export async function startRedisCluster({
  masters = 3,
  nodeTimeoutMs = 5_000,
}: RedisClusterOptions = {}): Promise<RedisCluster> {
  const binary = findRedisServer();
  if (!binary) throw new Error("redis-server is not installed (apt-get install redis-server).");
  const root = mkdtempSync(join(tmpdir(), "ogs-redis-cluster-"));
  const nodes: Node[] = [];
  const stop = async () => {
    await Promise.all(nodes.map(async (node) => node.child?.stop(5_000)));
    rmSync(root, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i++) {
      const port = await findFreePort();
      let busPort = await findFreePort();
      while (busPort === port || nodes.some((n) => n.port === busPort || n.busPort === busPort))
        busPort = await findFreePort();
      const dir = join(root, `node-${port}`);
      mkdirSync(dir);
      nodes.push({ port, busPort, dir });
    }
    await Promise.all(nodes.map(async (node) => (node.child = await spawnNode(binary, node, nodeTimeoutMs))));
    const addresses = nodes.map((node) => `${HOST}:${node.port}`);
    await run("redis-cli", ["--cluster", "create", ...addresses, "--cluster-replicas", "0", "--cluster-yes"], {
      timeout: 30_000,
    });
    await waitUntilOk(nodes.map((node) => node.port));
  } catch (error) {
    await stop();
    throw error;
  }
  const ports = nodes.map((node) => node.port);
  const nodeAt = (port: number) => {
    const node = nodes.find((n) => n.port === port);
    if (!node) throw new Error(`no cluster node listens on ${port}`);
    return node;
  };
  return {
    seeds: nodes.map((node) => `${HOST}:${node.port}`).join(","),
    ports,
    cli,
    async masterOf(key) {
      const slot = Number(await cli(ports[0]!, "CLUSTER", "KEYSLOT", key));
      const port = portServing(await cli(ports[0]!, "CLUSTER", "NODES"), slot);
      if (port === undefined) throw new Error(`no master serves slot ${slot}`);
      return port;
    },
    async stopNode(port) {
      const node = nodeAt(port);
      await node.child?.stop(10_000);
      node.child = undefined;
    },
    async startNode(port) {
      const node = nodeAt(port);
      if (node.child) throw new Error(`cluster node ${port} is running`);
      node.child = await spawnNode(binary, node, nodeTimeoutMs);
      await waitUntilOk(ports);
    },
    stop,
  };
}
