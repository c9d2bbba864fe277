// Webhook delivery settings (SPEC §6): signing secret, timeout, retry schedule, SSRF allow-list.
import ipaddr from "ipaddr.js";
import { z } from "zod";
import { positiveInt } from "../fields.js";

/** Standard Webhooks secrets are `whsec_` + base64 of the key; shorter than 24 bytes is too weak to sign with. */
const MIN_SECRET_BYTES = 24;

const secret = () =>
  z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, "expected whsec_ followed by a base64 key")
    .refine((value) => Buffer.from(value.slice("whsec_".length), "base64").length >= MIN_SECRET_BYTES, {
      error: `expected a key of at least ${MIN_SECRET_BYTES} bytes after whsec_`,
    });

/** Comma-separated list; blanks around commas are ignored, an empty variable is an empty list. */
const commaList = (text: string) =>
  text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");

/** Parses `WEBHOOK_RETRY_SCHEDULE`: seconds before each retry, decimals allowed, at least one entry. */
export function parseRetrySchedule(text: string): number[] | string {
  const items = commaList(text);
  if (items.length === 0) return "expected at least one delay in seconds";
  const delays: number[] = [];
  for (const item of items) {
    // Plain decimals only: "1e3", "0x10" or "Infinity" would be surprising in an operator's schedule.
    if (!/^\d+(\.\d+)?$/.test(item))
      return `expected comma-separated seconds such as 5,300,1800 (bad entry ${JSON.stringify(item)})`;
    const seconds = Number(item);
    if (seconds <= 0) return `expected delays greater than 0 (bad entry ${JSON.stringify(item)})`;
    delays.push(seconds);
  }
  return delays;
}

/** Parses `WEBHOOK_ALLOWED_CIDRS` with ipaddr.js; returns the normalised CIDRs or a problem. */
export function parseCidrList(text: string): string[] | string {
  const cidrs: string[] = [];
  for (const item of commaList(text)) {
    if (!ipaddr.isValidCIDR(item))
      return `expected comma-separated CIDRs such as 127.0.0.0/8,::1/128 (bad entry ${JSON.stringify(item)})`;
    const [address, prefix] = ipaddr.parseCIDR(item);
    cidrs.push(`${address.toString()}/${prefix}`);
  }
  return cidrs;
}

/** Turns a `string → value | problem` parser into a zod transform that reports the problem on the variable. */
const parsedWith = <T>(parse: (text: string) => T | string) =>
  z.string().transform((text, ctx): T => {
    const result = parse(text);
    if (typeof result === "string") {
      ctx.addIssue({ code: "custom", message: result });
      return z.NEVER;
    }
    return result;
  });

export const webhooksEnv = z.object({
  /**
   * Service-wide Standard Webhooks secret (`whsec_` + base64 key) that signs events sent to a
   * per-request `callback_url`. Subscriptions sign with their own generated secret. Unset: the API
   * refuses `callback_url` because nothing could sign the event.
   */
  WEBHOOK_SECRET: secret().optional(),
  /** Time limit of one delivery attempt in milliseconds, connection included. @defaultValue 10000 */
  WEBHOOK_TIMEOUT_MS: positiveInt(10_000),
  /**
   * Seconds to wait before each retry, comma-separated, decimals allowed; its length is the number
   * of retries after the first attempt. @defaultValue "5,300,1800,7200,18000,36000,36000" (≈ 24 h)
   */
  WEBHOOK_RETRY_SCHEDULE: parsedWith(parseRetrySchedule).default([5, 300, 1800, 7200, 18000, 36000, 36000]),
  /**
   * CIDRs exempt from the SSRF guard (loopback, private, link-local, … are refused otherwise), e.g.
   * `127.0.0.0/8` for the demo and tests. @defaultValue "" (none)
   */
  WEBHOOK_ALLOWED_CIDRS: parsedWith(parseCidrList).default([]),
  /** Delivery jobs one worker process runs at once; separate from solving so a slow receiver never delays rebalances. @defaultValue 16 */
  WEBHOOK_CONCURRENCY: positiveInt(16),
});
