// The webhook resource (SPEC §6, issue 7): router + OpenAPI description, wired from the store, one guarded
// sender (test events), the delivery producer (redelivery) and the SSRF policy of WEBHOOK_ALLOWED_CIDRS.
import type { RequestHandler } from "express";
import type { ApiRouter } from "../../http/openapi.js";
import { documentWebhookRoutes } from "./openapi.js";
import { createWebhooksRouter } from "./router.js";
import { createWebhookService, type WebhookServiceDeps } from "./service.js";

export interface WebhooksApiDeps extends WebhookServiceDeps {
  /** Basic auth when ADMIN_USER/ADMIN_PASSWORD are set (the Bull Board module's). */
  adminAuth?: RequestHandler | undefined;
}

export function webhooksApi({ adminAuth, ...deps }: WebhooksApiDeps): ApiRouter {
  return { router: createWebhooksRouter(createWebhookService(deps), adminAuth), document: documentWebhookRoutes };
}
