// Starts the MongoDB-wire-compatible in-memory server (npm @jongodb/memory-server-bin-linux-x64-gnu)
// on a free loopback port; there is no MongoDB server package on this platform (ARCHITECTURE).
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { spawnChild, waitForOutput, type ManagedChild } from "./child.js";
import { findFreePort } from "./free-port.js";

export interface EmbeddedMongo {
  /** Server URL without a database name, e.g. mongodb://127.0.0.1:12345 */
  url: string;
  port: number;
  child: ManagedChild;
  stop(): Promise<void>;
}

const PACKAGE = "@jongodb/memory-server-bin-linux-x64-gnu";

/** Path of the jongodb launcher binary, or undefined when the package is not installed (non linux-x64). */
export function findJongodb(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const binary = join(dirname(require.resolve(`${PACKAGE}/package.json`)), "bin", "jongodb");
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

export async function startEmbeddedMongo(options: { port?: number } = {}): Promise<EmbeddedMongo> {
  const binary = findJongodb();
  if (!binary) {
    throw new Error(
      `The embedded MongoDB-compatible server (${PACKAGE}) is only available on linux-x64 with glibc. Set MONGODB_URL to a MongoDB server instead.`,
    );
  }
  const port = options.port ?? (await findFreePort());
  const child = spawnChild("mongodb", binary, [`--port=${port}`]);
  const match = await waitForOutput(child.process, /JONGODB_URI=(mongodb:\/\/[^\s/]+)/, 30_000, "embedded MongoDB");
  return {
    url: match[1]!,
    port,
    child,
    stop: () => child.stop(5_000),
  };
}
