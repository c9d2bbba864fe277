// The webhook resource (SPEC §6): its route declarations, wired from the store, one guarded sender (test
// events), the delivery producer (redelivery) and the SSRF policy of WEBHOOK_ALLOWED_CIDRS.
import type { RequestHandler } from "express";
import type { Route } from "../../http/route.js";
import { createWebhookRoutes } from "./routes.js";
import { createWebhookService, type WebhookServiceDeps } from "./service.js";

export interface WebhookRoutesDeps extends WebhookServiceDeps {
  /** Who may administer subscriptions and deliveries (admin/access.ts: basic auth, or loopback only). */
  adminAuth: RequestHandler;
}

export function webhookRoutes({ adminAuth, ...deps }: WebhookRoutesDeps): Route[] {
  return createWebhookRoutes(createWebhookService(deps), adminAuth);
}
