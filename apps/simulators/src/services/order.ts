// Order service (contract: globeco-order-service): stores orders posted to POST /api/v1/orders so a
// later feature can submit generated trades, and lists them back.
import { parseDecimal } from "@ogs/domain";
import { z } from "zod";
import { readJson } from "../http/reply.js";
import type { SimulatedService } from "../http/service.js";
import { springError } from "./error-bodies.js";

const STATUSES = [{ id: 1, abbreviation: "NEW", description: "New", version: 1 }];
const ORDER_TYPES = [
  { id: 1, abbreviation: "BUY", description: "Buy", version: 1 },
  { id: 2, abbreviation: "SELL", description: "Sell", version: 1 },
  { id: 3, abbreviation: "SHORT", description: "Sell short", version: 1 },
  { id: 4, abbreviation: "COVER", description: "Buy to cover", version: 1 },
];
const BLOTTERS = [{ id: 1, name: "Default", version: 1 }];

const amount = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const parsed = parseDecimal(value);
  if (parsed === undefined) {
    ctx.addIssue({ code: "custom", message: "expected a number" });
    return z.NEVER;
  }
  return parsed.toNumber();
});
const orderPost = z.object({
  blotterId: z.number().int().default(1),
  statusId: z.number().int().default(1),
  portfolioId: z.string().min(1),
  orderTypeId: z.number().int(),
  securityId: z.string().min(1),
  quantity: amount,
  limitPrice: amount.optional(),
  tradeOrderId: z.number().int().optional(),
  orderTimestamp: z.iso.datetime({ offset: true }).optional(),
  version: z.number().int().default(1),
});

export interface StoredOrder {
  id: number;
  blotter: (typeof BLOTTERS)[number];
  status: (typeof STATUSES)[number];
  portfolioId: string;
  orderType: (typeof ORDER_TYPES)[number];
  securityId: string;
  quantity: number;
  limitPrice?: number;
  tradeOrderId?: number;
  orderTimestamp: string;
  version: number;
}

export function orderService(): SimulatedService {
  const orders = new Map<number, StoredOrder>();
  return {
    name: "order",
    errorReply: springError,
    routes: [
      {
        method: "POST",
        pattern: /^\/api\/v1\/orders$/,
        path: "/api/v1/orders",
        handle: async ({ req, path }) => {
          const parsed = orderPost.safeParse(await readJson(req));
          if (!parsed.success)
            return springError(
              400,
              path,
              parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
            );
          const post = parsed.data;
          const blotter = BLOTTERS.find((b) => b.id === post.blotterId);
          const status = STATUSES.find((s) => s.id === post.statusId);
          const orderType = ORDER_TYPES.find((t) => t.id === post.orderTypeId);
          if (!blotter || !status || !orderType)
            return springError(400, path, "Unknown blotterId, statusId or orderTypeId");
          const order: StoredOrder = {
            id: orders.size + 1,
            blotter,
            status,
            portfolioId: post.portfolioId,
            orderType,
            securityId: post.securityId,
            quantity: post.quantity,
            ...(post.limitPrice === undefined ? {} : { limitPrice: post.limitPrice }),
            ...(post.tradeOrderId === undefined ? {} : { tradeOrderId: post.tradeOrderId }),
            orderTimestamp: post.orderTimestamp ?? new Date().toISOString(),
            version: post.version,
          };
          orders.set(order.id, order);
          return { status: 200, body: order };
        },
      },
      {
        method: "GET",
        pattern: /^\/api\/v1\/orders$/,
        path: "/api/v1/orders",
        handle: () => ({ status: 200, body: [...orders.values()] }),
      },
      {
        method: "GET",
        pattern: /^\/api\/v1\/order\/(\d+)$/,
        path: "/api/v1/order/{id}",
        handle: ({ params: [id = ""], path }) => {
          const order = orders.get(Number(id));
          return order ? { status: 200, body: order } : springError(404, path, `Order ${id} not found`);
        },
      },
    ],
  };
}
