// Which IP addresses a webhook may reach (OWASP SSRF prevention; SPEC §6): only global unicast,
// unless an operator-configured CIDR (`WEBHOOK_ALLOWED_CIDRS`) covers the address. Parsing and range
// classification are ipaddr.js's; the submission check and the connect-time check share this one policy.
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

/** Human names of ipaddr.js ranges, for the 422 `detail` and the recorded attempt error. */
const RANGE_NAMES: Readonly<Record<string, string>> = {
  loopback: "a loopback address",
  private: "a private address",
  linkLocal: "a link-local address",
  uniqueLocal: "a unique-local address",
  multicast: "a multicast address",
  unspecified: "the unspecified address",
  broadcast: "the broadcast address",
  carrierGradeNat: "a carrier-grade NAT address",
  reserved: "a reserved address",
};

export interface AddressPolicy {
  /** Undefined when `address` (an IP literal) may be contacted; otherwise why not, e.g. "a loopback address". */
  refusal(address: string): string | undefined;
}

function parseAllowed(cidrs: readonly string[]): Array<[ipaddr.IPv4 | ipaddr.IPv6, number]> {
  return cidrs.map((cidr) => {
    if (!ipaddr.isValidCIDR(cidr)) throw new RangeError(`not a CIDR: ${JSON.stringify(cidr)}`);
    return ipaddr.parseCIDR(cidr);
  });
}

function covers(
  allowed: ReadonlyArray<[ipaddr.IPv4 | ipaddr.IPv6, number]>,
  address: ipaddr.IPv4 | ipaddr.IPv6,
): boolean {
  // ipaddr.js throws when matching across families, so compare only like with like.
  return allowed.some(([network, prefix]) => network.kind() === address.kind() && address.match([network, prefix]));
}

export function createAddressPolicy(allowedCidrs: readonly string[]): AddressPolicy {
  const allowed = parseAllowed(allowedCidrs);
  return {
    refusal(address) {
      if (isIP(address) === 0) return "not an IP address";
      const parsed = ipaddr.parse(address);
      // ::ffff:127.0.0.1 reaches 127.0.0.1: judge (and allow) the IPv4 address it carries.
      const mapped = parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress();
      const effective = mapped ? (parsed as ipaddr.IPv6).toIPv4Address() : parsed;
      if (covers(allowed, parsed) || covers(allowed, effective)) return undefined;
      const range = effective.range();
      if (range === "unicast") return undefined;
      const name = RANGE_NAMES[range] ?? `a special-purpose address (${range})`;
      return mapped ? `the IPv4-mapped form of ${name}` : name;
    },
  };
}
