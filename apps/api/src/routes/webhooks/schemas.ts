// Wire schemas of the webhook API (SPEC §6): subscriptions, their test event, the deliveries of a
// rebalance and redelivery. Request validation and the OpenAPI document both come from these.
import { REBALANCE_EVENT_TYPES } from "@ogs/webhooks";
import { z } from "../../http/zod.js";
import { PAGE_DEFAULT, PAGE_MAX, PageQuery, RebalanceId } from "../rebalances/schemas.js";

export { PAGE_DEFAULT, PAGE_MAX, PageQuery };

const Timestamp = z.iso.datetime().openapi({ example: "2025-01-02T03:04:05.000Z" });
const ObjectIdString = z
  .string()
  .regex(/^[0-9a-fA-F]{24}$/, "must be 24 hexadecimal characters")
  .openapi({ example: "65f1c0a1b2c3d4e5f6a7b8c9" });
const EventType = z.enum(REBALANCE_EVENT_TYPES).openapi({ description: "A rebalance event type." });
const Secret = z.string().openapi({
  description: "Standard Webhooks signing secret (`whsec_` + base64 key).",
  example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
});

export const EndpointParams = z.strictObject({ endpoint_id: ObjectIdString });
export const DeliveryParams = z.strictObject({ delivery_id: ObjectIdString });
export const RebalanceDeliveriesParams = z.strictObject({ rebalance_id: RebalanceId });

/** The body of POST …/test and …/redeliver: none, or an empty object; unknown keys are refused as on every route. */
export const NoOptionsInput = z
  .strictObject({}, { error: "must be a JSON object" })
  .openapi("NoOptions", { description: "No options: send no body or `{}`." });

export const EndpointCreateInput = z
  .strictObject(
    {
      url: z
        .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a string") })
        .min(1, "must not be empty")
        .max(2_048, "must be at most 2048 characters")
        .openapi({
          description:
            "http(s) URL that receives the events; private, loopback and link-local targets are refused unless WEBHOOK_ALLOWED_CIDRS allows them.",
          example: "https://example.com/hooks/ogs",
        }),
      events: z
        .array(EventType, { error: "must be an array of event types" })
        .min(1, "must list at least one event type (leave it out for all)")
        .optional()
        .openapi({ description: "Event types to receive; absent = all." }),
      description: z.string({ error: "must be a string" }).max(500, "must be at most 500 characters").optional(),
    },
    { error: "must be a JSON object" },
  )
  .openapi("WebhookEndpointCreate");

export const EndpointOutput = z
  .object({
    endpoint_id: ObjectIdString,
    url: z.string(),
    events: z.array(EventType).nullable().openapi({ description: "Event types received; null = all." }),
    description: z.string().nullable(),
    created_at: Timestamp,
  })
  .openapi("WebhookEndpoint", {
    description: "A subscription. The signing secret is shown on creation and by GET …/secret only.",
  });

export const EndpointCreatedOutput = EndpointOutput.extend({ secret: Secret }).openapi("WebhookEndpointCreated");
export const EndpointSecretOutput = z
  .object({ endpoint_id: ObjectIdString, secret: Secret })
  .openapi("WebhookEndpointSecret");

const AttemptFields = {
  at: Timestamp,
  status_code: z
    .number()
    .int()
    .optional()
    .openapi({ description: "The receiver's HTTP status; absent when no response came." }),
  error: z
    .string()
    .optional()
    .openapi({ description: "Why the attempt did not succeed (timeout, connection error, refused target, status)." }),
  duration_ms: z.number().int().min(0),
};
const AttemptOutput = z.object(AttemptFields).openapi("WebhookAttempt");

export const TestResultOutput = z
  .object({
    webhook_id: z.string(),
    outcome: z.enum(["delivered", "retry", "failed"]).openapi({
      description:
        "delivered: 2xx; retry: would be retried (timeout, connection error, 429, 5xx); failed: any other answer or a refused target.",
    }),
    ...AttemptFields,
  })
  .openapi("WebhookTestResult", { description: "The answer to one `webhook.test` event, sent once and not retried." });

export const DeliveryOutput = z
  .object({
    delivery_id: ObjectIdString,
    rebalance_id: ObjectIdString,
    destination: z.string().openapi({ description: "The URL the event goes to." }),
    endpoint_id: ObjectIdString.nullable().openapi({
      description: "The subscription; null for the rebalance's own callback_url.",
    }),
    event_type: EventType,
    webhook_id: z.string().openapi({
      description: "The `webhook-id` header: the same on every retry and redelivery.",
      example: "msg_2b8Kd0cQqv7vC6pA1L3sH9tYw4xZfE5n",
    }),
    status: z.enum(["pending", "delivered", "failed"]),
    attempts: z.array(AttemptOutput),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi("WebhookDelivery");
