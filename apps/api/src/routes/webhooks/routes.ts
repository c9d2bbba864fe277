// The webhook API (SPEC §6), one declaration per route: subscriptions and redelivery require
// ADMIN_USER/ADMIN_PASSWORD when they are set, as Bull Board does; a rebalance's delivery list is a read
// like the rest of the rebalance and stays open. Handlers call one service function and map the result.
import { ValidationError } from "@ogs/domain";
import type { RequestHandler } from "express";
import { API_PREFIX, TOTAL_COUNT_HEADER } from "../../http/openapi.js";
import { requestIdOf } from "../../http/request-context.js";
import { defineRoute, requiredHeader, type Route } from "../../http/route.js";
import { z } from "../../http/zod.js";
import {
  DeliveryOutput,
  DeliveryParams,
  EndpointCreatedOutput,
  EndpointCreateInput,
  EndpointOutput,
  EndpointParams,
  EndpointSecretOutput,
  NoOptionsInput,
  PAGE_DEFAULT,
  PAGE_MAX,
  PageQuery,
  RebalanceDeliveriesParams,
  TestResultOutput,
} from "./schemas.js";
import type { WebhookService } from "./service.js";
import { createdEndpointToWire, deliveryToWire, endpointToWire, testResultToWire } from "./wire.js";

export const ENDPOINTS_PATH = `${API_PREFIX}/webhook-endpoints`;
export const DELIVERIES_PATH = `${API_PREFIX}/webhook-deliveries`;
const ENDPOINT = `${ENDPOINTS_PATH}/{endpoint_id}`;
const tags = ["webhooks"];

function pageOf(query: { offset?: string | undefined; limit?: string | undefined }) {
  const limit = query.limit === undefined ? PAGE_DEFAULT : Number(query.limit);
  if (limit < 1 || limit > PAGE_MAX) {
    const message = `must be from 1 to ${PAGE_MAX}`;
    throw new ValidationError(`The request query is invalid: limit: ${message}.`, [{ field: "limit", message }]);
  }
  return { offset: query.offset === undefined ? 0 : Number(query.offset), limit };
}

/** What every administrative route adds: the access note, the 401/403 it may answer, and the access middleware. */
function administration(adminAuth: RequestHandler) {
  return {
    note: "Requires basic auth with ADMIN_USER/ADMIN_PASSWORD when they are set; without them only clients on the API's own host are served.",
    unauthorized: {
      status: 401,
      description: "ADMIN_USER/ADMIN_PASSWORD are set and the request lacks them (basic auth).",
      headers: { "WWW-Authenticate": requiredHeader("Basic realm.") },
    },
    forbidden: {
      status: 403,
      description: "ADMIN_USER/ADMIN_PASSWORD are not set and the client is not on the API's own host (loopback).",
    },
    middleware: [adminAuth],
  };
}

function subscriptions(service: WebhookService, adminAuth: RequestHandler): Route[] {
  const { note, unauthorized, forbidden, middleware } = administration(adminAuth);
  return [
    defineRoute({
      method: "post",
      path: ENDPOINTS_PATH,
      tags,
      summary: "Subscribe a URL to rebalance events",
      description: `Answers the endpoint with its generated Standard Webhooks \`secret\`; the URL is checked against the SSRF policy (422 with \`detail\` naming the reason). ${note}`,
      body: { schema: EndpointCreateInput, required: true },
      responses: {
        201: {
          description: "Created, with its signing secret.",
          body: EndpointCreatedOutput,
          headers: { Location: requiredHeader("URI of the endpoint.") },
        },
      },
      problems: [400, 413, 415, 422, 503, unauthorized, forbidden],
      middleware,
      async handler({ body }) {
        const endpoint = await service.create(body);
        return {
          status: 201,
          headers: { Location: `${ENDPOINTS_PATH}/${endpoint.endpoint_id}` },
          body: createdEndpointToWire(endpoint),
        };
      },
    }),
    defineRoute({
      method: "get",
      path: ENDPOINTS_PATH,
      tags,
      summary: "List subscriptions (newest first, without secrets)",
      description: note,
      query: PageQuery,
      responses: {
        200: { description: "Subscriptions.", body: z.array(EndpointOutput), headers: TOTAL_COUNT_HEADER },
      },
      problems: [400, 503, unauthorized, forbidden],
      middleware,
      async handler({ query }) {
        const { offset, limit } = pageOf(query);
        const page = await service.list(offset, limit);
        return {
          status: 200,
          headers: { "X-Total-Count": String(page.total) },
          body: page.endpoints.map(endpointToWire),
        };
      },
    }),
    defineRoute({
      method: "get",
      path: ENDPOINT,
      tags,
      summary: "One subscription (without its secret)",
      description: note,
      params: EndpointParams,
      responses: { 200: { description: "The subscription.", body: EndpointOutput } },
      problems: [400, 404, 503, unauthorized, forbidden],
      middleware,
      async handler({ params }) {
        return { status: 200, body: endpointToWire(await service.get(params.endpoint_id.toLowerCase())) };
      },
    }),
    defineRoute({
      method: "get",
      path: `${ENDPOINT}/secret`,
      tags,
      summary: "The subscription's signing secret",
      description: note,
      params: EndpointParams,
      responses: { 200: { description: "The secret.", body: EndpointSecretOutput } },
      problems: [400, 404, 503, unauthorized, forbidden],
      middleware,
      async handler({ params }) {
        const { endpoint_id, secret } = await service.get(params.endpoint_id.toLowerCase());
        return { status: 200, body: { endpoint_id, secret } };
      },
    }),
    defineRoute({
      method: "delete",
      path: ENDPOINT,
      tags,
      summary: "Delete a subscription (pending deliveries to it stop)",
      description: note,
      params: EndpointParams,
      responses: { 204: { description: "Deleted." } },
      problems: [400, 404, 503, unauthorized, forbidden],
      middleware,
      async handler({ params }) {
        await service.remove(params.endpoint_id.toLowerCase());
        return { status: 204 };
      },
    }),
    defineRoute({
      method: "post",
      path: `${ENDPOINT}/test`,
      tags,
      summary: "Send a `webhook.test` event now",
      description: `Sent once, signed with the endpoint's secret, not retried and not recorded; the receiver's answer is the result. ${note}`,
      params: EndpointParams,
      body: { schema: NoOptionsInput, required: false },
      responses: { 200: { description: "What the receiver answered.", body: TestResultOutput } },
      problems: [400, 404, 413, 415, 503, unauthorized, forbidden],
      middleware,
      async handler({ params }) {
        return { status: 200, body: testResultToWire(await service.test(params.endpoint_id.toLowerCase())) };
      },
    }),
  ];
}

function deliveries(service: WebhookService, adminAuth: RequestHandler): Route[] {
  const { note, unauthorized, forbidden, middleware } = administration(adminAuth);
  return [
    defineRoute({
      method: "get",
      path: `${API_PREFIX}/rebalance/{rebalance_id}/deliveries`,
      tags,
      summary: "Webhook deliveries of a rebalance, with every attempt",
      params: RebalanceDeliveriesParams,
      responses: { 200: { description: "Deliveries, oldest first.", body: z.array(DeliveryOutput) } },
      problems: [400, 404, 503],
      async handler({ params }) {
        const found = await service.deliveriesOf(params.rebalance_id.toLowerCase());
        return { status: 200, body: found.map(deliveryToWire) };
      },
    }),
    defineRoute({
      method: "post",
      path: `${DELIVERIES_PATH}/{delivery_id}/redeliver`,
      tags,
      summary: "Queue a delivery again (same event, same `webhook-id`)",
      description: note,
      params: DeliveryParams,
      body: { schema: NoOptionsInput, required: false },
      responses: { 202: { description: "Queued; the delivery is pending again.", body: DeliveryOutput } },
      problems: [400, 404, 413, 415, 503, unauthorized, forbidden],
      middleware,
      async handler({ params }, { req }) {
        const delivery = await service.redeliver(params.delivery_id.toLowerCase(), requestIdOf(req));
        return { status: 202, body: deliveryToWire(delivery) };
      },
    }),
  ];
}

export function createWebhookRoutes(service: WebhookService, adminAuth: RequestHandler): Route[] {
  return [...subscriptions(service, adminAuth), ...deliveries(service, adminAuth)];
}
