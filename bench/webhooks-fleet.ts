// Fleet section of `npm run bench:webhooks`: events through the real path — API →
// rebalance flow → worker → finaliser → webhook queue → delivery worker → loopback receiver — on the default
// fleet (launcher: embedded MongoDB-compatible server, redis-server, simulators, API, WORKERS workers).
// LOOPS single-portfolio models are rebalanced over and over with a callback_url, each loop submitting its
// next rebalance once the previous event has arrived; latency is receipt − the event's timestamp, which is
// the rebalance's completed_at (same host, same clock). Every event is verified with standardwebhooks.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findFreePort } from "../apps/launcher/src/embedded/index.js";
import { requestJson } from "../apps/launcher/src/demo/http.js";
import { startFleet } from "../apps/launcher/src/fleet/fleet.js";
import { loadLauncherConfig } from "../apps/launcher/src/fleet/launcher-config.js";
import { createFleetTracker } from "../apps/launcher/src/fleet/tracker.js";
import { startWebhookReceiver } from "../packages/test-support/src/webhook-receiver.js";

export interface FleetSectionResult {
  workers: number;
  loops: number;
  events: number;
  elapsed_s: number;
  events_per_s: number;
  latency_ms: { p50: number; p99: number; max: number };
  received: number;
  verified: number;
  /** Requests beyond one per event (at-least-once delivery); each must repeat its event's webhook-id. */
  duplicates: number;
  status_counts: Record<string, number>;
}

interface VerifiedEvent {
  timestamp: string;
  data: { rebalance_id: string; status: string };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

export async function runFleetSection(events: number, loops: number): Promise<FleetSectionResult> {
  const secret = `whsec_${randomBytes(32).toString("base64")}`;
  const tracker = createFleetTracker();
  const dataDir = mkdtempSync(join(tmpdir(), "ogs-bench-webhooks-"));
  const env = {
    LOG_LEVEL: "warn",
    SIMULATOR_SEED: "11",
    SIMULATOR_PORTFOLIOS: String(loops),
    SIMULATOR_SECURITIES: "20",
    SIMULATOR_HOLDINGS: "10",
    ...process.env,
    WEBHOOK_SECRET: secret,
    WEBHOOK_ALLOWED_CIDRS: "127.0.0.0/8",
  };
  const settings = loadLauncherConfig({
    ...env,
    PORT: String(await findFreePort()),
    HOST: "127.0.0.1",
    LAUNCHER_DATA_DIR: dataDir,
  });
  const arrivals = new Map<string, { at: number; event: VerifiedEvent }>();
  const waiters = new Map<string, () => void>();
  const seenIds = new Map<string, number>();
  const receiver = await startWebhookReceiver({
    secret,
    reply: (request) => {
      const id = String(request.headers["webhook-id"]);
      seenIds.set(id, (seenIds.get(id) ?? 0) + 1);
      const event = request.event as VerifiedEvent | undefined;
      if (event && !arrivals.has(event.data.rebalance_id)) {
        arrivals.set(event.data.rebalance_id, { at: Date.now(), event });
        waiters.get(event.data.rebalance_id)?.();
      }
      return { status: 204 };
    },
  });
  try {
    const fleet = await Promise.race([
      startFleet({ settings, env, tracker, log: () => undefined, quiet: true }),
      tracker.failure,
    ]);
    const api = fleet.urls.api;
    const dataset = (
      await requestJson<{ securities: Array<{ security_id: string }>; portfolios: Array<{ portfolio_id: string }> }>(
        "GET",
        `${fleet.urls.simulators.accounting}/_sim/dataset`,
      )
    ).body;
    const positions = dataset.securities
      .slice(0, 10)
      .map(({ security_id }) => ({ security_id, target: "0.08", low_drift: "0.03", high_drift: "0.03" }));
    const models: string[] = [];
    for (const [i, { portfolio_id }] of dataset.portfolios.slice(0, loops).entries()) {
      models.push(
        (
          await requestJson<{ model_id: string }>("POST", `${api}/api/v1/models`, {
            body: { name: `bench webhooks ${Date.now()} ${i}`, positions, portfolios: [portfolio_id] },
          })
        ).body.model_id,
      );
    }

    /** One rebalance with a callback_url; resolves when its event has arrived. */
    async function rebalanceOnce(modelId: string): Promise<string> {
      const response = await requestJson<{ rebalance_id: string }>("POST", `${api}/api/v1/model/${modelId}/rebalance`, {
        body: { callback_url: `${receiver.url}/hook` },
      });
      if (response.status !== 202)
        throw new Error(`submission answered ${response.status}: ${JSON.stringify(response.body)}`);
      const id = response.body.rebalance_id;
      if (!arrivals.has(id)) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          new Promise<void>((resolve) => waiters.set(id, resolve)),
          new Promise(
            (_, reject) =>
              (timer = setTimeout(() => reject(new Error(`no webhook for rebalance ${id} within 60 s`)), 60_000)),
          ),
          tracker.failure,
        ]).finally(() => clearTimeout(timer));
      }
      waiters.delete(id);
      return id;
    }

    // Warm-up: one round per loop (HiGHS loaded, connections open); not measured.
    await Promise.all(models.map(rebalanceOnce));
    const measured: string[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      models.map(async (modelId) => {
        while (next < events) {
          next++;
          measured.push(await rebalanceOnce(modelId));
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const latencies = measured
      .map((id) => arrivals.get(id)!)
      .map(({ at, event }) => at - Date.parse(event.timestamp))
      .sort((a, b) => a - b);
    const statusCounts: Record<string, number> = {};
    for (const id of measured)
      statusCounts[arrivals.get(id)!.event.data.status] = (statusCounts[arrivals.get(id)!.event.data.status] ?? 0) + 1;
    return {
      workers: settings.WORKERS,
      loops,
      events: measured.length,
      elapsed_s: Number(elapsed.toFixed(2)),
      events_per_s: Number((measured.length / elapsed).toFixed(1)),
      latency_ms: {
        p50: Math.round(percentile(latencies, 50)),
        p99: Math.round(percentile(latencies, 99)),
        max: Math.round(latencies.at(-1) ?? NaN),
      },
      received: receiver.received.length,
      verified: receiver.received.filter((r) => r.verificationError === undefined).length,
      duplicates: [...seenIds.values()].reduce((sum, n) => sum + n - 1, 0),
      status_counts: statusCounts,
    };
  } finally {
    await receiver.close();
    await tracker.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
