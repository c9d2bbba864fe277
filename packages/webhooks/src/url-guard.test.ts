// The SSRF rules (SPEC §6): every listed form is refused unless an allowed CIDR covers it.
// Only loopback is ever contacted — and here nothing is: these checks resolve names but never connect.
import { RuleViolationError } from "@ogs/domain";
import { describe, expect, it } from "vitest";
import { createAddressPolicy } from "./address-policy.js";
import type { ResolveHost } from "./resolve-host.js";
import { assertWebhookUrl, checkWebhookUrl } from "./url-guard.js";

/** A resolver with fixed answers, so "a hostname resolving to X" needs no real DNS. */
const fixedResolver =
  (table: Record<string, string[]>): ResolveHost =>
  async (hostname) => {
    const addresses = table[hostname];
    if (addresses === undefined)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };

const resolveHost = fixedResolver({
  "loopback.test": ["127.0.0.1"],
  "mixed.test": ["93.184.215.14", "10.0.0.8"],
  "public.test": ["93.184.215.14", "2606:4700::1111"],
});
const strict = { policy: createAddressPolicy([]), resolveHost };
const loopbackAllowed = { policy: createAddressPolicy(["127.0.0.0/8"]), resolveHost };

describe(checkWebhookUrl.name, () => {
  it.each([
    ["ftp://example.test/hook", "must use http or https, not ftp"],
    ["http://[::1]/", "must not point at ::1, a loopback address"],
    ["http://0.0.0.0/", "must not point at 0.0.0.0, the unspecified address"],
    ["http://2130706433/", "must not point at 127.0.0.1, a loopback address"],
    ["http://0x7f.1/", "must not point at 127.0.0.1, a loopback address"],
    ["http://0177.0.0.1/", "must not point at 127.0.0.1, a loopback address"],
    ["http://[::ffff:127.0.0.1]/", "must not point at ::ffff:7f00:1, the IPv4-mapped form of a loopback address"],
    ["http://user:secret@93.184.215.14/hook", "must not contain credentials"],
    ["http://loopback.test/hook", "must not point at loopback.test, which resolves to 127.0.0.1, a loopback address"],
    ["http://localhost:9/hook", "must not point at localhost, which resolves to 127.0.0.1, a loopback address"],
  ])("refuses %s without an allowed CIDR", async (url, reason) => {
    const deps = url.includes("localhost")
      ? { policy: strict.policy, resolveHost: fixedResolver({ localhost: ["127.0.0.1"] }) }
      : strict;
    expect(await checkWebhookUrl(url, deps)).toEqual({ ok: false, reason });
  });

  it.each([
    ["http://10.1.2.3/", "a private address"],
    ["http://192.168.0.1/", "a private address"],
    ["http://169.254.169.254/latest/meta-data", "a link-local address"],
    ["http://[fe80::1]/", "a link-local address"],
    ["http://[fd00::1]/", "a unique-local address"],
    ["http://224.0.0.1/", "a multicast address"],
    ["http://[ff02::1]/", "a multicast address"],
    ["http://[::]/", "the unspecified address"],
    ["http://100.64.0.1/", "a carrier-grade NAT address"],
    ["http://[::ffff:10.0.0.1]/", "the IPv4-mapped form of a private address"],
    ["http://203.0.113.10/", "a reserved address"],
    ["http://[2002:7f00:1::]/", "a special-purpose address \\(6to4\\)"],
  ])("refuses the non-public address in %s, naming its range", async (url, range) => {
    const check = await checkWebhookUrl(url, strict);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.reason).toMatch(new RegExp(`, ${range}$`));
  });

  it("refuses a name when any of its addresses is private", async () => {
    expect(await checkWebhookUrl("https://mixed.test/", strict)).toEqual({
      ok: false,
      reason: "must not point at mixed.test, which resolves to 10.0.0.8, a private address",
    });
  });

  it("refuses a URL that is not absolute, and a host that does not resolve", async () => {
    expect(await checkWebhookUrl("/relative", strict)).toEqual({
      ok: false,
      reason: "must be an absolute http or https URL",
    });
    expect(await checkWebhookUrl("https://nowhere.test/", strict)).toEqual({
      ok: false,
      reason: "must have a host that resolves, but nowhere.test did not (ENOTFOUND)",
    });
  });

  it("accepts public addresses and names that resolve only to them", async () => {
    expect(await checkWebhookUrl("https://public.test/hooks?x=1", strict)).toEqual({
      ok: true,
      url: "https://public.test/hooks?x=1",
    });
    expect(await checkWebhookUrl("http://93.184.215.14:8080/", strict)).toEqual({
      ok: true,
      url: "http://93.184.215.14:8080/",
    });
  });

  it.each([
    "http://2130706433/",
    "http://0x7f.1/",
    "http://[::ffff:127.0.0.1]/",
    "http://loopback.test/hook",
    "http://127.0.0.1:8123/",
  ])("accepts %s when WEBHOOK_ALLOWED_CIDRS covers 127.0.0.0/8", async (url) => {
    expect((await checkWebhookUrl(url, loopbackAllowed)).ok).toBe(true);
  });

  it("keeps refusing what the allowed CIDR does not cover, and every form rule", async () => {
    expect(await checkWebhookUrl("http://[::1]/", loopbackAllowed)).toMatchObject({ ok: false });
    expect(await checkWebhookUrl("http://0.0.0.0/", loopbackAllowed)).toMatchObject({ ok: false });
    expect(await checkWebhookUrl("ftp://127.0.0.1/", loopbackAllowed)).toMatchObject({
      ok: false,
      reason: "must use http or https, not ftp",
    });
    expect(await checkWebhookUrl("http://u:p@127.0.0.1/", loopbackAllowed)).toMatchObject({
      ok: false,
      reason: "must not contain credentials",
    });
  });

  it("resolves real names with the system resolver by default", async () => {
    const check = await checkWebhookUrl("http://localhost/", { policy: createAddressPolicy([]) });
    expect(check).toMatchObject({ ok: false });
    expect(!check.ok && check.reason).toMatch(
      /^must not point at localhost, which resolves to (127\.0\.0\.1|::1), a loopback address$/,
    );
  });
});

describe(assertWebhookUrl.name, () => {
  it("throws a 422 rule violation whose detail names the field and the reason", async () => {
    const failure = assertWebhookUrl("http://0x7f.1/", "callback_url", strict);
    await expect(failure).rejects.toBeInstanceOf(RuleViolationError);
    await expect(failure).rejects.toMatchObject({
      rule: "webhook-url-not-allowed",
      message: "The callback_url must not point at 127.0.0.1, a loopback address.",
      errors: [{ field: "callback_url", message: "must not point at 127.0.0.1, a loopback address" }],
    });
  });

  it("returns the normalised URL when it is allowed", async () => {
    expect(await assertWebhookUrl("http://2130706433:8080/hook", "url", loopbackAllowed)).toBe(
      "http://127.0.0.1:8080/hook",
    );
  });
});
