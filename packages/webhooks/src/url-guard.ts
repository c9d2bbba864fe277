// The submission-time SSRF check of a webhook URL (OWASP; SPEC §6): http(s) only, no credentials,
// and every address the host resolves to must pass the address policy. Returns a reason for the 422 detail.
import { isIP } from "node:net";
import { RuleViolationError } from "@ogs/domain";
import type { AddressPolicy } from "./address-policy.js";
import { resolveWithSystem, type ResolveHost } from "./resolve-host.js";

export type UrlCheck = { ok: true; url: string } | { ok: false; reason: string };

export interface UrlGuardDeps {
  policy: AddressPolicy;
  /** @defaultValue the system resolver */
  resolveHost?: ResolveHost;
}

/** The host of a parsed URL as an IP literal or a name; WHATWG URL has already turned 2130706433 or 0x7f.1 into 127.0.0.1. */
export function hostOf(url: URL): string {
  return url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
}

/** Protocol and credential rules, shared by both checks. Undefined when the URL's form is acceptable. */
export function formRefusal(url: URL): string | undefined {
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return `must use http or https, not ${url.protocol.slice(0, -1)}`;
  if (url.username !== "" || url.password !== "") return "must not contain credentials";
  return undefined;
}

/** Checks a URL as submitted. `reason` reads after the field name: "callback_url must not …". */
export async function checkWebhookUrl(
  text: string,
  { policy, resolveHost = resolveWithSystem }: UrlGuardDeps,
): Promise<UrlCheck> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: "must be an absolute http or https URL" };
  }
  const form = formRefusal(url);
  if (form !== undefined) return { ok: false, reason: form };
  const host = hostOf(url);
  if (isIP(host) !== 0) {
    const refusal = policy.refusal(host);
    return refusal === undefined
      ? { ok: true, url: url.href }
      : { ok: false, reason: `must not point at ${host}, ${refusal}` };
  }
  let addresses;
  try {
    addresses = await resolveHost(host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      ok: false,
      reason: `must have a host that resolves, but ${host} did not${code === undefined ? "" : ` (${code})`}`,
    };
  }
  if (addresses.length === 0)
    return { ok: false, reason: `must have a host that resolves, but ${host} has no address` };
  for (const { address } of addresses) {
    const refusal = policy.refusal(address);
    if (refusal !== undefined)
      return { ok: false, reason: `must not point at ${host}, which resolves to ${address}, ${refusal}` };
  }
  return { ok: true, url: url.href };
}

/** For API routes: the checked URL, or a RuleViolationError (422) whose detail, a sentence (SPEC §3), names the field and the reason. */
export async function assertWebhookUrl(text: string, field: string, deps: UrlGuardDeps): Promise<string> {
  const check = await checkWebhookUrl(text, deps);
  if (check.ok) return check.url;
  throw new RuleViolationError("webhook-url-not-allowed", `The ${field} ${check.reason}.`, [
    { field, message: check.reason },
  ]);
}
