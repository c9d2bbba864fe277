// Finds a free TCP port on loopback for a server the launcher or a test is about to start.
// Ports are drawn below the kernel's ephemeral range (Linux: 32768-60999), so the port cannot be
// taken between this probe and the server's own bind by the local end of some outbound connection;
// the probe bind rules out ports already in use. Falls back to a kernel-chosen port.
import { createServer } from "node:net";

const LOW = 20_000;
const HIGH = 32_767;
const TRIES = 20;

function tryBind(port: number, host: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once("error", () => resolve(undefined));
    server.listen({ port, host, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === "object" && address ? address.port : undefined;
      server.close(() => resolve(bound));
    });
  });
}

export async function findFreePort(host = "127.0.0.1"): Promise<number> {
  for (let i = 0; i < TRIES; i++) {
    const candidate = LOW + Math.floor(Math.random() * (HIGH - LOW + 1));
    const port = await tryBind(candidate, host);
    if (port !== undefined) return port;
  }
  const port = await tryBind(0, host);
  if (port === undefined) throw new Error(`No free TCP port could be bound on ${host}.`);
  return port;
}
