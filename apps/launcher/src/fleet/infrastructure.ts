// MongoDB and Redis for the fleet: the URLs the user gave, or embedded servers when they are unset
// (ARCHITECTURE "Embedded defaults"; redis with AOF on so a restart keeps the queue).
import { mkdirSync } from "node:fs";
import { startEmbeddedMongo, startEmbeddedRedis, type EmbeddedMongo, type EmbeddedRedis } from "../embedded/index.js";

export interface InfrastructureOptions {
  /** MONGODB_URL; the embedded MongoDB-compatible server starts when undefined. */
  mongoUrl?: string;
  /** REDIS_URL; a local redis-server starts when undefined. */
  redisUrl?: string;
  /** Data directory of the embedded redis-server (AOF files). */
  redisDir: string;
}

export interface FleetProcess {
  name: string;
  pid: number;
}

export interface Infrastructure {
  mongoUrl: string;
  redisUrl: string;
  /** Which of the two were started here. */
  embedded: { mongo: boolean; redis: boolean };
  /** The embedded servers' processes (for RSS sampling). */
  processes: FleetProcess[];
  /** The embedded servers, whose death stops the fleet (SPEC §8: nothing works without them). */
  children: Array<{ name: string; exited: Promise<number | string> }>;
  stop(): Promise<void>;
}

export async function startInfrastructure(options: InfrastructureOptions): Promise<Infrastructure> {
  let mongo: EmbeddedMongo | undefined;
  let redis: EmbeddedRedis | undefined;
  const stop = async () => {
    await Promise.all([redis?.stop(), mongo?.stop()]);
  };
  try {
    if (!options.redisUrl) {
      mkdirSync(options.redisDir, { recursive: true });
      redis = await startEmbeddedRedis({ appendOnly: true, dir: options.redisDir });
    }
    if (!options.mongoUrl) mongo = await startEmbeddedMongo();
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    mongoUrl: options.mongoUrl ?? mongo!.url,
    redisUrl: options.redisUrl ?? redis!.url,
    embedded: { mongo: mongo !== undefined, redis: redis !== undefined },
    processes: [
      ...(redis?.child.process.pid ? [{ name: "redis", pid: redis.child.process.pid }] : []),
      ...(mongo?.child.process.pid ? [{ name: "mongodb", pid: mongo.child.process.pid }] : []),
    ],
    children: [
      ...(redis ? [{ name: "redis", exited: redis.child.exited }] : []),
      ...(mongo ? [{ name: "mongodb", exited: mongo.child.exited }] : []),
    ],
    stop,
  };
}
