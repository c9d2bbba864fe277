// callback_url of a submission (SPEC §6): the webhook package's SSRF submission check decides, and a
// callback needs WEBHOOK_SECRET, because an unsigned event could not be verified by the receiver.
import { RuleViolationError } from "@ogs/domain";
import { checkWebhookUrl, createAddressPolicy, type ResolveHost } from "@ogs/webhooks";

export interface CallbackSettings {
  /** WEBHOOK_SECRET is set. */
  signingConfigured: boolean;
  /** WEBHOOK_ALLOWED_CIDRS. */
  allowedCidrs: readonly string[];
  resolveHost?: ResolveHost;
}

export function callbackUrlChecker({ signingConfigured, allowedCidrs, resolveHost }: CallbackSettings): (url: string) => Promise<string> {
  const policy = createAddressPolicy(allowedCidrs);
  return async (url) => {
    if (!signingConfigured) {
      throw new RuleViolationError("webhook-secret-not-configured", "A callback_url cannot be used: this service has no WEBHOOK_SECRET to sign the event with.", [
        { field: "callback_url", message: "WEBHOOK_SECRET is not configured" },
      ]);
    }
    const check = await checkWebhookUrl(url, { policy, ...(resolveHost ? { resolveHost } : {}) });
    if (check.ok) return check.url;
    // The same rule as the webhook package's assertWebhookUrl, with `detail` as a full sentence (SPEC §3).
    throw new RuleViolationError("webhook-url-not-allowed", `The callback_url ${check.reason}.`, [{ field: "callback_url", message: check.reason }]);
  };
}
