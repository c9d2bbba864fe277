export { findFreePort } from "./free-port.js";
export { spawnChild, waitForOutput, type ManagedChild } from "./child.js";
export { startEmbeddedRedis, findRedisServer, type EmbeddedRedis, type EmbeddedRedisOptions } from "./redis.js";
export { startEmbeddedMongo, findJongodb, type EmbeddedMongo } from "./mongo.js";
