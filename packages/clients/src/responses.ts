// Response validation (zod) and conversion to exact decimals. Amounts may arrive as JSON strings or
// numbers (SPEC §5.2 step 1); anything else is a BadUpstreamDataError naming the service, path and
// security (SPEC §5.2 "Missing data").
import { BadUpstreamDataError, parseDecimal, type Dec } from "@ogs/domain";
import { z } from "zod";

const amount = z.union([z.string(), z.number()]);

export const summarySchema = z.object({
  cashBalance: amount,
  securities: z.array(z.object({ securityId: z.string().min(1), netQuantity: amount })).nullish(),
});
export const securitySchema = z.object({ ticker: z.string().min(1) });
export const priceSchema = z.object({ close: amount });
export const portfolioSchema = z.object({ name: z.string() });

export interface Where {
  service: string;
  path: string;
  securityId?: string;
}

/** Parses `body` with `schema` or throws BadUpstreamDataError listing what is wrong. */
export function validate<S extends z.ZodType>(schema: S, body: unknown, where: Where): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ");
  throw new BadUpstreamDataError(
    where.service,
    `The ${where.service} service answered GET ${where.path} with unexpected data${subject(where)}: ${problems}.`,
    where.path,
    where.securityId,
  );
}

/** Converts a string-or-number amount to Dec, or throws BadUpstreamDataError naming the field. */
export function toDecimal(value: string | number, field: string, where: Where): Dec {
  const parsed = parseDecimal(value);
  if (parsed === undefined) {
    throw new BadUpstreamDataError(
      where.service,
      `The ${where.service} service sent a non-numeric ${field} ${JSON.stringify(value)}${subject(where)} (GET ${where.path}).`,
      where.path,
      where.securityId,
    );
  }
  return parsed;
}

function subject(where: Where): string {
  return where.securityId ? ` for security ${where.securityId}` : "";
}
