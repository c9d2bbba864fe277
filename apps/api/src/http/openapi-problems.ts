// The shared pieces of the OpenAPI document: the RFC 9457 problem schema (SPEC §3), the usual problem
// responses with their descriptions, and response-header helpers.
import type { ResponseConfig } from "@asteasolutions/zod-to-openapi";
import { requiredHeader } from "./route.js";
import { z } from "./zod.js";

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: "/problems/validation-error" }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().openapi({ description: "A human sentence saying what went wrong." }),
    instance: z.string().optional(),
    request_id: z.string().optional(),
    errors: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .openapi({ description: "Every offending field (validation and rule errors)." }),
    rule: z.string().optional().openapi({ description: "The broken business rule (422)." }),
    service: z.string().optional().openapi({ description: "The unavailable dependency (503)." }),
    rebalance_id: z.string().optional().openapi({
      description: "The rebalance a synchronous rebalance answer is about (also linked by the `Link` header).",
    }),
    current_version: z.number().int().optional().openapi({ description: "The stored version (409 stale version)." }),
  })
  .catchall(z.unknown())
  .openapi("Problem", { description: "RFC 9457 problem details." });

/**
 * A response header of the OpenAPI document. `required` when every response of that status carries it;
 * the tests check required headers are sent and that the API's own headers are documented wherever sent.
 */
export function responseHeader(
  description: string,
  { required = false, type = "string" }: { required?: boolean; type?: "string" | "integer" } = {},
) {
  return { description, required, schema: { type } };
}

/** The total of a paged list (SPEC §4.3). */
export const TOTAL_COUNT_HEADER = { "X-Total-Count": requiredHeader("Number of items before paging.", "integer") };

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: "Malformed input: bad id (or one that is not valid percent-encoding), bad query, bad JSON, a body that does not match its Content-Encoding, unknown or unsafe keys.",
  404: "Unknown resource.",
  409: "Stale version or duplicate name.",
  413: "Request body larger than BODY_LIMIT_BYTES.",
  415: "The request body is not JSON (`Content-Type: application/json`), or its encoding is not supported.",
  422: "A business rule is broken; `rule` names it.",
  503: "A dependency (MongoDB) is unavailable.",
};

/** Problem responses for the given status codes (500 is always added). */
export function problemResponses(...statuses: number[]): Record<number, ResponseConfig> {
  return Object.fromEntries(
    [...statuses, 500].map((status) => [
      status,
      {
        description: PROBLEM_DESCRIPTIONS[status] ?? "Unexpected error.",
        content: { "application/problem+json": { schema: ProblemSchema } },
      },
    ]),
  );
}
