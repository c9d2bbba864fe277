// Redis connections with the settings BullMQ requires (BullMQ docs "Going to production").
import { Redis, type RedisOptions } from "ioredis";

export interface RedisConnectionSettings {
  url: string;
  /**
   * `worker`: blocking commands must wait out a Redis restart, so BullMQ needs
   * `maxRetriesPerRequest: null`. `producer`: an HTTP request should fail fast while Redis is down,
   * so commands are not queued offline and retried only once.
   */
  role: "worker" | "producer";
  /** Connection name shown by `CLIENT LIST`. */
  name?: string;
  /** Called on every connection error (ioredis reconnects by itself; without a listener Node logs noise). */
  onError?: (error: Error) => void;
}

/** Reconnect delay: grows 200 ms per attempt up to 5 s, forever (a Redis restart must not end the process). */
export function reconnectDelay(attempt: number): number {
  return Math.min(attempt * 200, 5_000);
}

export function createRedisConnection({ url, role, name, onError }: RedisConnectionSettings): Redis {
  const options: RedisOptions =
    role === "worker"
      ? { maxRetriesPerRequest: null, enableReadyCheck: true, retryStrategy: reconnectDelay }
      : { maxRetriesPerRequest: 1, enableReadyCheck: true, enableOfflineQueue: false, retryStrategy: reconnectDelay };
  const connection = new Redis(url, { ...options, ...(name ? { connectionName: name } : {}), lazyConnect: false });
  connection.on("error", (error: Error) => onError?.(error));
  return connection;
}
