// The connect-time SSRF check: http(s) agents whose connections pass the address policy. A literal
// IP host is judged before connecting; a name is judged on the addresses its lookup returns, inside the
// socket's own lookup, so a name that resolved to a public address at submission and to a private one now is
// refused and nothing is sent (DNS rebinding). Same approach as request-filtering-agent, with our policy.
import * as http from "node:http";
import * as https from "node:https";
import { isIP, Socket, type LookupFunction } from "node:net";
import type { Duplex } from "node:stream";
import type { AddressPolicy } from "./address-policy.js";
import type { ResolveHost } from "./resolve-host.js";

/** Raised on a refused connection; the sender records it as a failed attempt, never retried. */
export class WebhookTargetRefusedError extends Error {
  readonly code = "ERR_WEBHOOK_TARGET_REFUSED";
  constructor(readonly reason: string) {
    super(reason);
    this.name = "WebhookTargetRefusedError";
  }
}

type ConnectCallback = (error: Error | null, stream: Duplex) => void;

/** A net lookup that resolves with `resolveHost` and refuses if any address fails the policy. */
export function guardedLookup(policy: AddressPolicy, resolveHost: ResolveHost): LookupFunction {
  return (hostname, options, callback) => {
    resolveHost(hostname).then(
      (all) => {
        const addresses =
          options.family === 4 || options.family === 6 ? all.filter((entry) => entry.family === options.family) : all;
        for (const { address } of addresses) {
          const refusal = policy.refusal(address);
          if (refusal !== undefined) {
            callback(new WebhookTargetRefusedError(`${hostname} resolves to ${address}, ${refusal}`), "", 0);
            return;
          }
        }
        const first = addresses[0];
        if (first === undefined) {
          callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "", 0);
        } else if (options.all) {
          callback(null, addresses);
        } else {
          callback(null, first.address, first.family);
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, "", 0),
    );
  };
}

/** Judges a literal IP host before any socket exists; names go through the guarded lookup instead. */
function literalRefusal(policy: AddressPolicy, host: string | null | undefined): WebhookTargetRefusedError | undefined {
  if (host === undefined || host === null || isIP(host) === 0) return undefined;
  const refusal = policy.refusal(host);
  return refusal === undefined ? undefined : new WebhookTargetRefusedError(`${host} is ${refusal}`);
}

/** A socket that only reports the refusal, as Agent#createConnection callers expect. */
function refusedSocket(error: Error, callback: ConnectCallback | undefined): Socket {
  const socket = new Socket();
  if (callback) callback(error, socket);
  else socket.destroy(error);
  return socket;
}

export interface GuardedAgents {
  http: http.Agent;
  https: https.Agent;
  /** Closes pooled keep-alive sockets. */
  destroy(): void;
}

export function createGuardedAgents(policy: AddressPolicy, resolveHost: ResolveHost): GuardedAgents {
  const lookup = guardedLookup(policy, resolveHost);
  // Keep-alive: a receiver takes many events; a pooled socket was checked when it connected.
  const options = { keepAlive: true, maxSockets: 64 };

  class GuardedHttpAgent extends http.Agent {
    override createConnection(connect: http.ClientRequestArgs, callback?: ConnectCallback) {
      const refused = literalRefusal(policy, connect.host);
      return refused ? refusedSocket(refused, callback) : super.createConnection({ ...connect, lookup }, callback);
    }
  }
  class GuardedHttpsAgent extends https.Agent {
    override createConnection(connect: https.RequestOptions, callback?: ConnectCallback) {
      const refused = literalRefusal(policy, connect.host);
      return refused ? refusedSocket(refused, callback) : super.createConnection({ ...connect, lookup }, callback);
    }
  }

  const agents = { http: new GuardedHttpAgent(options), https: new GuardedHttpsAgent(options) };
  return { ...agents, destroy: () => (agents.http.destroy(), agents.https.destroy()) };
}
