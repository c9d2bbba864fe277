// `npx tsx bench/document-read.ts [portfolios]`: the cost of serving one rebalance document — the store's
// stream of portfolio reports (result groups read, facts decoded, figures derived) and their exact-digit JSON
// — in one process against the embedded MongoDB-compatible server, without HTTP. Prints ms per portfolio and the
// heap/RSS growth while streaming.
import { ObjectId } from "mongodb";
import pMap from "p-map";
import { Dec } from "@ogs/domain";
import { BUCKET_SIZE, connectStore } from "@ogs/store";
import { startEmbeddedMongo } from "../apps/launcher/src/embedded/index.js";
import { portfolioJson } from "../apps/api/src/routes/rebalances/wire.js";

const PORTFOLIOS = Number(process.argv[2] ?? 2_000);
const SECURITIES = 50;
const mongo = await startEmbeddedMongo();
const store = connectStore({ url: mongo.url, database: "document_read" });
try {
  await store.ensureIndexes();
  const ids = Array.from({ length: PORTFOLIOS }, () => new ObjectId().toHexString());
  const securities = Array.from({ length: SECURITIES }, (_, i) => `SEC${String(i).padStart(21, "0")}`);
  const positions = securities.map((securityId) => ({
    securityId,
    target: new Dec("0.018"),
    highDrift: new Dec("0.01"),
    lowDrift: new Dec("0.01"),
  }));
  const { rebalance } = await store.rebalances.create({
    snapshot: { modelId: new ObjectId().toHexString(), modelName: "bench", modelVersion: 1, positions, options: {} },
    portfolioIds: ids,
    requestId: "bench",
  });
  const run = { attempts: 1, startedAt: new Date(), finishedAt: new Date() };
  // Stored as a fleet would: 32 jobs at a time.
  await pMap(
    ids.entries(),
    async ([index, portfolioId]) => {
      const ref = { rebalanceId: rebalance.id, portfolioId, index };
      await store.rebalances.begin(ref);
      await store.rebalances.saveOutcome(
        { ...ref, bucketSize: BUCKET_SIZE, prior: "running" },
        {
          status: "completed",
          portfolioName: `Fund ${index}`,
          cash: new Dec("12345.67"),
          positions: securities.map((securityId, i) => ({
            securityId,
            price: new Dec(`${10 + i}.25`),
            quantity: new Dec(100 + i),
            adjustedQuantity: new Dec(101 + i),
          })),
          tradeDate: "2026-12-04",
        },
        run,
      );
    },
    { concurrency: 32 },
  );
  const doc = (await store.rebalances.document(rebalance.id))!;
  global.gc?.();
  const before = { rss: process.memoryUsage().rss, heap: process.memoryUsage().heapUsed };
  let peakRss = before.rss;
  let peakHeap = before.heap;
  const started = performance.now();
  let bytes = 0;
  let count = 0;
  for await (const report of store.rebalances.portfolios(doc)) {
    bytes += portfolioJson(report).length;
    if (++count % 100 === 0) {
      const usage = process.memoryUsage();
      peakRss = Math.max(peakRss, usage.rss);
      peakHeap = Math.max(peakHeap, usage.heapUsed);
    }
  }
  const ms = performance.now() - started;
  console.log(
    `${count} portfolios × ${SECURITIES} positions: ${(ms / count).toFixed(2)} ms each, ${(bytes / 1e6).toFixed(1)} MB of JSON; ` +
      `RSS +${((peakRss - before.rss) / 1e6).toFixed(1)} MB, heap +${((peakHeap - before.heap) / 1e6).toFixed(1)} MB at most`,
  );
} finally {
  await store.close();
  await mongo.stop();
}
