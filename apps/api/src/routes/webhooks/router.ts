// HTTP edge of the webhook API (SPEC §6, issue 7): validate, call one service function, map the result.
// Subscriptions and redelivery require ADMIN_USER/ADMIN_PASSWORD when they are set, as Bull Board does;
// a rebalance's delivery list is a read like the rest of the rebalance and stays open.
import { ValidationError } from "@ogs/domain";
import type { Request, RequestHandler, Router } from "express";
import express from "express";
import { parseInput } from "../../http/validate.js";
import { requestIdOf } from "../../http/request-context.js";
import { NoQuery } from "../models/schemas.js";
import {
  DeliveryParams,
  EndpointCreateInput,
  EndpointParams,
  NoOptionsInput,
  PAGE_DEFAULT,
  PAGE_MAX,
  PageQuery,
  RebalanceDeliveriesParams,
} from "./schemas.js";
import type { WebhookService } from "./service.js";
import { createdEndpointToWire, deliveryToWire, endpointToWire, testResultToWire } from "./wire.js";

export const ENDPOINTS_PATH = "/webhook-endpoints";
export const DELIVERIES_PATH = "/webhook-deliveries";

function pageOf(req: Request): { offset: number; limit: number } {
  const query = parseInput(PageQuery, req.query, "query");
  const limit = query.limit === undefined ? PAGE_DEFAULT : Number(query.limit);
  if (limit < 1 || limit > PAGE_MAX) {
    const message = `must be from 1 to ${PAGE_MAX}`;
    throw new ValidationError(`The request query is invalid: limit: ${message}.`, [{ field: "limit", message }]);
  }
  return { offset: query.offset === undefined ? 0 : Number(query.offset), limit };
}

const endpointIdOf = (req: Request) => parseInput(EndpointParams, req.params, "path").endpoint_id.toLowerCase();

export function createWebhooksRouter(service: WebhookService, adminAuth: RequestHandler | undefined): Router {
  const router = express.Router();
  if (adminAuth) {
    router.use(ENDPOINTS_PATH, adminAuth);
    router.use(DELIVERIES_PATH, adminAuth);
  }

  router.post(ENDPOINTS_PATH, async (req, res) => {
    parseInput(NoQuery, req.query, "query");
    const body = parseInput(EndpointCreateInput, req.body, "body");
    const endpoint = await service.create(body);
    res
      .status(201)
      .location(`${req.baseUrl}${ENDPOINTS_PATH}/${endpoint.endpoint_id}`)
      .json(createdEndpointToWire(endpoint));
  });

  router.get(ENDPOINTS_PATH, async (req, res) => {
    const { offset, limit } = pageOf(req);
    const page = await service.list(offset, limit);
    res.setHeader("X-Total-Count", String(page.total));
    res.json(page.endpoints.map(endpointToWire));
  });

  router.get(`${ENDPOINTS_PATH}/:endpoint_id`, async (req, res) => {
    parseInput(NoQuery, req.query, "query");
    res.json(endpointToWire(await service.get(endpointIdOf(req))));
  });

  router.get(`${ENDPOINTS_PATH}/:endpoint_id/secret`, async (req, res) => {
    parseInput(NoQuery, req.query, "query");
    const { endpoint_id, secret } = await service.get(endpointIdOf(req));
    res.json({ endpoint_id, secret });
  });

  router.delete(`${ENDPOINTS_PATH}/:endpoint_id`, async (req, res) => {
    parseInput(NoQuery, req.query, "query");
    await service.remove(endpointIdOf(req));
    res.status(204).end();
  });

  router.post(`${ENDPOINTS_PATH}/:endpoint_id/test`, async (req, res) => {
    parseInput(NoQuery, req.query, "query");
    parseInput(NoOptionsInput, req.body ?? {}, "body");
    res.json(testResultToWire(await service.test(endpointIdOf(req))));
  });

  router.get("/rebalance/:rebalance_id/deliveries", async (req, res) => {
    const { rebalance_id } = parseInput(RebalanceDeliveriesParams, req.params, "path");
    parseInput(NoQuery, req.query, "query");
    res.json((await service.deliveriesOf(rebalance_id.toLowerCase())).map(deliveryToWire));
  });

  router.post(`${DELIVERIES_PATH}/:delivery_id/redeliver`, async (req, res) => {
    const { delivery_id } = parseInput(DeliveryParams, req.params, "path");
    parseInput(NoQuery, req.query, "query");
    parseInput(NoOptionsInput, req.body ?? {}, "body");
    res.status(202).json(deliveryToWire(await service.redeliver(delivery_id.toLowerCase(), requestIdOf(req))));
  });

  return router;
}
