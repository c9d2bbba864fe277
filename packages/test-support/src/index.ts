// @ogs/test-support: the helpers that the tests of more than one app or package share. Tests only: no source imports
// it (.dependency-cruiser.cjs "test-support-only-in-tests"). The vitest global setup that starts one Redis and one
// MongoDB-compatible server for the run is `src/global-setup.ts` (vitest.config.ts). This index loads vitest's
// `inject` (context.ts), so code run outside vitest (bench/) imports the one module file it needs instead.
export { createTestContext, type TestContext } from "./context.js";
export { expectedPosition, parseExact, reportedPosition } from "./expected-positions.js";
export {
  chartEnvEntries,
  chartEnvironment,
  expandReferences,
  SAMPLE_POD,
  type ChartEnvEntry,
} from "./globeco-chart.js";
export {
  SPAN_KIND,
  startOtlpReceiver,
  type OtlpReceiver,
  type ReceivedMetric,
  type ReceivedSpan,
} from "./otlp-receiver.js";
export {
  findFreePort,
  findRedisServer,
  spawnChild,
  startEmbeddedMongo,
  startEmbeddedRedis,
  waitForOutput,
  type EmbeddedMongo,
  type EmbeddedRedis,
  type ManagedChild,
} from "./processes.js";
export { DATASET, inputFor, modelSnapshot, port, sec } from "./rebalance-dataset.js";
export {
  startSimulators,
  type Dataset,
  type DatasetInput,
  type Faults,
  type RunningSimulators,
  type SimulatedServiceName,
  type SimulatorUrls,
  type StartSimulatorsOptions,
} from "./simulators.js";
export { captureLogs } from "./log-capture.js";
export { startStallProxy, type StallProxy } from "./stall-proxy.js";
export {
  startWebhookReceiver,
  verifyReceived,
  type ReceivedWebhook,
  type ReceiverOptions,
  type ReceiverReply,
  type WebhookReceiver,
} from "./webhook-receiver.js";
export {
  openHarness,
  snapshotOf,
  startWorker,
  type Harness,
  type WorkerProcess,
  type WorkerTarget,
} from "./worker-fleet.js";
