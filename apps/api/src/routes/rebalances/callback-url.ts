// callback_url of a submission (SPEC §6): the webhook package's SSRF submission check decides, and a
// callback needs WEBHOOK_SECRET, because an unsigned event could not be verified by the receiver. The URL
// is judged first, so a bad URL is named as such whether or not the service could sign.
import { RuleViolationError } from "@ogs/domain";
import { assertWebhookUrl, createAddressPolicy, type ResolveHost } from "@ogs/webhooks";

export interface CallbackSettings {
  /** WEBHOOK_SECRET is set. */
  signingConfigured: boolean;
  /** WEBHOOK_ALLOWED_CIDRS. */
  allowedCidrs: readonly string[];
  resolveHost?: ResolveHost;
}

export function callbackUrlChecker({
  signingConfigured,
  allowedCidrs,
  resolveHost,
}: CallbackSettings): (url: string) => Promise<string> {
  const policy = createAddressPolicy(allowedCidrs);
  return async (url) => {
    const checked = await assertWebhookUrl(url, "callback_url", { policy, ...(resolveHost ? { resolveHost } : {}) });
    if (!signingConfigured) {
      throw new RuleViolationError(
        "webhook-secret-not-configured",
        "A callback_url cannot be used: this service has no WEBHOOK_SECRET to sign the event with.",
        [{ field: "callback_url", message: "WEBHOOK_SECRET is not configured" }],
      );
    }
    return checked;
  };
}
