// REDIS_CLUSTER_NODES end to end: a real 3-master Redis Cluster (Debian's redis-server), the built API and two
// built workers on it with a hash-tagged QUEUE_PREFIX, and REDIS_URL pointing nowhere (the cluster wins).
// A rebalance completes with every queue key in the prefix's one hash slot; another completes — each
// portfolio stored exactly once, with the same results — while the master that holds that slot restarts.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedisCluster, type RedisCluster } from "./support/redis-cluster.js";
import type { ModelWire } from "./support/fixtures.js";
import {
  createRebalanceModel,
  port,
  startFleet,
  waitForRebalance,
  type AcceptedWire,
  type Fleet,
  type PortfolioWire,
  type RebalanceDtoWire,
  type RebalanceStatusWire,
  type RebalanceWire,
} from "./support/rebalance-fleet.js";

const PORTFOLIOS = [port(1), port(2), port(3), port(4), port(6)];
const PREFIX = `{t_cluster_${randomBytes(4).toString("hex")}}`;
// A lock that lapses soon after a master comes back, so a job whose completion was lost is taken up again quickly.
const FAST_RECOVERY = { JOB_LOCK_DURATION_MS: "3000", JOB_STALLED_INTERVAL_MS: "1500" };

let cluster: RedisCluster;
let fleet: Fleet;
let model: ModelWire;
let firstRun: PortfolioWire[];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readiness(): Promise<number> {
  return (await fetch(`${fleet.api.baseUrl}/health/ready`)).status;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** Every stored portfolio of a rebalance, read through the paged list, with the list's total. */
async function storedPortfolios(rebalanceId: string): Promise<{ total: string | null; items: PortfolioWire[] }> {
  const page = await fleet.api.request<PortfolioWire[]>(
    "GET",
    `/api/v1/rebalance/${rebalanceId}/portfolios?offset=0&limit=100`,
  );
  expect(page.status).toBe(200);
  return { total: page.headers.get("x-total-count"), items: page.body };
}

/** Completed, each portfolio of the model exactly once, in submission order. */
async function expectStoredOnce(finished: RebalanceWire): Promise<PortfolioWire[]> {
  expect(finished.status).toBe("completed");
  expect(finished.progress).toMatchObject({ completed: PORTFOLIOS.length });
  expect(Object.values(finished.progress).reduce((sum, count) => sum + count, 0)).toBe(PORTFOLIOS.length);
  const { total, items } = await storedPortfolios(finished.rebalance_id);
  expect(total).toBe(String(PORTFOLIOS.length));
  expect(items.map((p) => p.portfolio_id)).toEqual(PORTFOLIOS);
  expect(items.every((p) => p.status === "completed" && p.error === null)).toBe(true);
  return items;
}

/** What must not change between two runs of the same model over the same data. */
const outcome = (items: PortfolioWire[]) =>
  items.map(({ portfolio_id, market_value, cash_after_rebalance, transactions }) => ({
    portfolio_id,
    market_value,
    cash_after_rebalance,
    transactions: [...transactions].sort((a, b) => a.security_id.localeCompare(b.security_id)),
  }));

beforeAll(async () => {
  cluster = await startRedisCluster({ masters: 3 });
  // REDIS_URL names a port nobody listens on: were it used instead of the cluster, nothing would run.
  const redis = { REDIS_CLUSTER_NODES: cluster.seeds, QUEUE_PREFIX: PREFIX, REDIS_URL: "redis://127.0.0.1:1" };
  fleet = await startFleet("redis_cluster", { ...redis, ...FAST_RECOVERY }, redis);
  model = await createRebalanceModel(fleet.api, PORTFOLIOS);
});
afterAll(async () => {
  await fleet?.stop();
  await cluster?.stop();
});

describe("a Redis Cluster (REDIS_CLUSTER_NODES)", () => {
  it("runs a synchronous rebalance end to end, every queue key in the hash slot of the prefix's tag", async () => {
    expect(await readiness()).toBe(200);
    // Synchronous: the API waits on the finaliser's events, read from the cluster (SPEC §5.5).
    const response = await fleet.api.request<RebalanceDtoWire[]>("POST", `/api/v1/model/${model.model_id}/rebalance`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.map((dto) => dto.portfolio_id)).toEqual(PORTFOLIOS);
    firstRun = await expectStoredOnce(await waitForRebalance(fleet.api, response.body[0]!.rebalance_id));

    const master = await cluster.masterOf(PREFIX);
    const slot = await cluster.cli(master, "CLUSTER", "KEYSLOT", PREFIX);
    expect(Number(await cluster.cli(master, "CLUSTER", "COUNTKEYSINSLOT", slot))).toBeGreaterThan(0);
    for (const other of cluster.ports.filter((p) => p !== master))
      expect(await cluster.cli(other, "DBSIZE"), `keys on master ${other}`).toBe("0");
    const [someKey] = (await cluster.cli(master, "CLUSTER", "GETKEYSINSLOT", slot, "1")).split("\n");
    expect(someKey?.startsWith(`${PREFIX}:`)).toBe(true);
  });

  it("serves Bull Board over the cluster client", async () => {
    const response = await fetch(`${fleet.api.baseUrl}/admin/queues/api/queues`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { queues: Array<{ name: string; counts: Record<string, number> }> };
    const portfolios = body.queues.find((queue) => queue.name === "rebalance-portfolios");
    expect(portfolios?.counts.completed).toBeGreaterThanOrEqual(PORTFOLIOS.length);
  });

  it("completes a rebalance while the master holding the queue's slot restarts, each portfolio stored once", async () => {
    // Slow accounting reads keep jobs in flight across the restart.
    await fleet.simulators.setFaults("accounting", { latency_ms: 1_000 });
    const submitted = await fleet.api.request<AcceptedWire>("POST", `/api/v1/model/${model.model_id}/rebalance`, {
      headers: { prefer: "respond-async" },
    });
    expect(submitted.status).toBe(202);
    const id = submitted.body.rebalance_id;
    await until("a portfolio running", async () => {
      const status = await fleet.api.request<RebalanceStatusWire>("GET", `/api/v1/rebalance/${id}/status`);
      return (status.body.progress.running ?? 0) > 0 ? true : undefined;
    });

    const master = await cluster.masterOf(PREFIX);
    await cluster.stopNode(master);
    // Readiness reads a key of the queue's slot: it must see that master gone (a PING would reach another node).
    await until("readiness 503 while the master is down", async () => ((await readiness()) === 503 ? true : undefined));
    await fleet.simulators.clearFaults();
    await cluster.startNode(master);

    const finished = await waitForRebalance(fleet.api, id, 45_000);
    expect(outcome(await expectStoredOnce(finished))).toEqual(outcome(firstRun));
    await until("readiness 200 again", async () => ((await readiness()) === 200 ? true : undefined));
  });
});
