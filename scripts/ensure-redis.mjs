#!/usr/bin/env node
// Makes sure redis-server exists before `npm start`, `npm run demo` or `npm test` on a fresh machine:
// installs Debian's package when running as root, otherwise explains how. Skipped when REDIS_URL
// (or TEST_REDIS_URL for tests) points at a running Redis.
import { execFileSync, spawnSync } from "node:child_process";

const forTests = process.argv.includes("--tests");
if (forTests ? process.env.TEST_REDIS_URL : process.env.REDIS_URL) process.exit(0);

const has = (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
if (has("redis-server")) process.exit(0);

if (typeof process.getuid === "function" && process.getuid() === 0 && has("apt-get")) {
  console.error("redis-server is not installed; installing it with apt-get (Debian package redis-server)...");
  try {
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    execFileSync("apt-get", ["install", "-y", "-qq", "redis-server"], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  } catch {
    console.error("Installing redis-server failed. Install it by hand: apt-get install -y redis-server");
    process.exit(1);
  }
  if (has("redis-server")) process.exit(0);
}
console.error(
  "redis-server is required but not installed.\n" +
    "Install it with:  sudo apt-get install -y redis-server\n" +
    "or point the service at a running Redis with REDIS_URL=redis://host:6379",
);
process.exit(1);
