// OpenAPI description of the webhook routes (SPEC §6, issue 7), built from the schemas that validate them.
import type { OpenAPIRegistry, ResponseConfig, RouteConfig } from "@asteasolutions/zod-to-openapi";
import { API_PREFIX, ProblemSchema, problemResponses, responseHeader, TOTAL_COUNT_HEADER } from "../../http/openapi.js";
import { z } from "../../http/zod.js";
import { DELIVERIES_PATH, ENDPOINTS_PATH } from "./router.js";
import {
  DeliveryOutput,
  DeliveryParams,
  EndpointCreateInput,
  EndpointCreatedOutput,
  EndpointOutput,
  EndpointParams,
  EndpointSecretOutput,
  NoOptionsInput,
  PageQuery,
  RebalanceDeliveriesParams,
  TestResultOutput,
} from "./schemas.js";

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const TAG = "webhooks";
const ENDPOINT = `${API_PREFIX}${ENDPOINTS_PATH}/{endpoint_id}`;
const AUTH_NOTE = "Requires basic auth with ADMIN_USER/ADMIN_PASSWORD when they are set.";

/** 401 when ADMIN_USER/ADMIN_PASSWORD are set and the request does not carry them. */
const unauthorized: Record<number, ResponseConfig> = {
  401: {
    description: "ADMIN_USER/ADMIN_PASSWORD are set and the request lacks them (basic auth).",
    headers: { "WWW-Authenticate": responseHeader("Basic realm.", { required: true }) },
    content: { "application/problem+json": { schema: ProblemSchema } },
  },
};

function admin(route: RouteConfig): RouteConfig {
  return {
    ...route,
    tags: [TAG],
    description: [route.description, AUTH_NOTE].filter(Boolean).join(" "),
    responses: { ...route.responses, ...unauthorized },
  };
}

export function documentWebhookRoutes(registry: OpenAPIRegistry): void {
  for (const [name, schema] of Object.entries({
    WebhookEndpoint: EndpointOutput,
    WebhookEndpointCreated: EndpointCreatedOutput,
    WebhookDelivery: DeliveryOutput,
    WebhookTestResult: TestResultOutput,
  }))
    registry.register(name, schema);
  const routes: RouteConfig[] = [
    admin({
      method: "post",
      path: `${API_PREFIX}${ENDPOINTS_PATH}`,
      summary: "Subscribe a URL to rebalance events",
      description:
        "Answers the endpoint with its generated Standard Webhooks `secret`; the URL is checked against the SSRF policy (422 with `detail` naming the reason).",
      request: { body: { required: true, ...json(EndpointCreateInput) } },
      responses: {
        201: {
          description: "Created, with its signing secret.",
          headers: { Location: responseHeader("URI of the endpoint.", { required: true }) },
          ...json(EndpointCreatedOutput),
        },
        ...problemResponses(400, 413, 415, 422, 503),
      },
    }),
    admin({
      method: "get",
      path: `${API_PREFIX}${ENDPOINTS_PATH}`,
      summary: "List subscriptions (newest first, without secrets)",
      request: { query: PageQuery },
      responses: {
        200: { description: "Subscriptions.", headers: TOTAL_COUNT_HEADER, ...json(z.array(EndpointOutput)) },
        ...problemResponses(400, 503),
      },
    }),
    admin({
      method: "get",
      path: ENDPOINT,
      summary: "One subscription (without its secret)",
      request: { params: EndpointParams },
      responses: {
        200: { description: "The subscription.", ...json(EndpointOutput) },
        ...problemResponses(400, 404, 503),
      },
    }),
    admin({
      method: "get",
      path: `${ENDPOINT}/secret`,
      summary: "The subscription's signing secret",
      request: { params: EndpointParams },
      responses: {
        200: { description: "The secret.", ...json(EndpointSecretOutput) },
        ...problemResponses(400, 404, 503),
      },
    }),
    admin({
      method: "delete",
      path: ENDPOINT,
      summary: "Delete a subscription (pending deliveries to it stop)",
      request: { params: EndpointParams },
      responses: { 204: { description: "Deleted." }, ...problemResponses(400, 404, 503) },
    }),
    admin({
      method: "post",
      path: `${ENDPOINT}/test`,
      summary: "Send a `webhook.test` event now",
      description:
        "Sent once, signed with the endpoint's secret, not retried and not recorded; the receiver's answer is the result.",
      request: { params: EndpointParams, body: { required: false, ...json(NoOptionsInput) } },
      responses: {
        200: { description: "What the receiver answered.", ...json(TestResultOutput) },
        ...problemResponses(400, 404, 413, 415, 503),
      },
    }),
    {
      method: "get",
      path: `${API_PREFIX}/rebalance/{rebalance_id}/deliveries`,
      tags: [TAG],
      summary: "Webhook deliveries of a rebalance, with every attempt",
      request: { params: RebalanceDeliveriesParams },
      responses: {
        200: { description: "Deliveries, oldest first.", ...json(z.array(DeliveryOutput)) },
        ...problemResponses(400, 404, 503),
      },
    },
    admin({
      method: "post",
      path: `${API_PREFIX}${DELIVERIES_PATH}/{delivery_id}/redeliver`,
      summary: "Queue a delivery again (same event, same `webhook-id`)",
      request: { params: DeliveryParams, body: { required: false, ...json(NoOptionsInput) } },
      responses: {
        202: { description: "Queued; the delivery is pending again.", ...json(DeliveryOutput) },
        ...problemResponses(400, 404, 413, 415, 503),
      },
    }),
  ];
  for (const route of routes) registry.registerPath(route);
}
