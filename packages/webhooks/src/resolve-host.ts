// Host name resolution used by both SSRF checks; injectable so tests can make a name "later resolve" elsewhere.
import { lookup } from "node:dns/promises";

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Every address a host name resolves to. */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

/** The operating system's resolver (what a plain HTTP client would use), all addresses in its order. */
export const resolveWithSystem: ResolveHost = (hostname) => lookup(hostname, { all: true, verbatim: true });
