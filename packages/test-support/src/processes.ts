// The launcher's child-process and embedded-server helpers, for test code that starts built processes or its own
// servers exactly as `npm start` does. The one place test code borrows an app's sources: .dependency-cruiser.cjs
// ("test-support-borrows-only-these-app-files") lists every app file this package may import.
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
} from "../../../apps/launcher/src/embedded/index.js";
