// Vitest global setup for integration tests: one redis-server and one MongoDB-compatible server on
// free ports for the whole run (ARCHITECTURE "Tests"). Each test file uses its own database name and
// queue prefix (see context.ts), so files can run in parallel.
import type { TestProject } from "vitest/node";
import { startEmbeddedMongo, startEmbeddedRedis } from "./processes.js";

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
    mongoUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const external = { redis: process.env.TEST_REDIS_URL, mongo: process.env.TEST_MONGODB_URL };
  const redis = external.redis ? undefined : await startEmbeddedRedis();
  const mongo = external.mongo ? undefined : await startEmbeddedMongo();
  project.provide("redisUrl", external.redis ?? redis!.url);
  project.provide("mongoUrl", external.mongo ?? mongo!.url);
  return async () => {
    await Promise.all([redis?.stop(), mongo?.stop()]);
  };
}
