// The portal's declared types (kasbench/globeco-portfolio-management-portal src/types/model.ts and
// src/types/rebalance.ts) as zod schemas, field for field: every field the portal reads must be present with
// the type it declares (strings in models and drift lines, JSON numbers in stored results — SPEC §3). Extra
// fields are allowed: TypeScript types do not forbid them and the portal ignores them.
import { z } from "zod";

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
/** A string the portal hands to `new Date()` and date-fns `format` (which throws on an invalid date). */
const dateString = z.string().refine((value) => ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value)), {
  message: "not an ISO 8601 instant",
});
/** A JSON number the portal does arithmetic on: finite (JSON cannot carry NaN, but a string would make one). */
const amount = z.number().finite();
/** A decimal the portal receives as a string and `parseFloat`s (ModelForm). */
const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/);
const id24 = z.string().length(24);

/** model.ts ModelPosition */
export const PortalModelPosition = z.looseObject({
  security_id: id24,
  target: decimalString,
  high_drift: decimalString,
  low_drift: decimalString,
});

/** model.ts Model */
export const PortalModel = z.looseObject({
  model_id: id24,
  name: z.string(),
  positions: z.array(PortalModelPosition).optional(),
  portfolios: z.array(z.string()),
  last_rebalance_date: dateString.nullable().optional(),
  version: z.number().int(),
});

/** model.ts TransactionDTO */
const PortalTransaction = z.looseObject({
  transaction_type: z.enum(["BUY", "SELL"]),
  security_id: id24,
  quantity: z.number().int().positive(),
  trade_date: z.string().regex(/^\d{4}-\d{2}-\d{2}/),
});

/** model.ts DriftDTO */
const PortalDrift = z.looseObject({
  security_id: id24,
  original_quantity: decimalString,
  adjusted_quantity: decimalString,
  target: decimalString,
  high_drift: decimalString,
  low_drift: decimalString,
  actual: decimalString,
});

/** model.ts RebalanceResult: what POST /model/{id}/rebalance answers (the route handler reads `rebalance_id`). */
export const PortalRebalanceResult = z.looseObject({
  portfolio_id: id24,
  rebalance_id: id24,
  transactions: z.array(PortalTransaction).optional(),
  drifts: z.array(PortalDrift).optional(),
});

/** rebalance.ts RebalancePosition (+ the submission fields PortfolioTable filters on). */
export const PortalRebalancePosition = z.looseObject({
  security_id: id24,
  price: amount,
  original_quantity: amount,
  adjusted_quantity: amount,
  original_position_market_value: amount,
  adjusted_position_market_value: amount,
  target: amount,
  high_drift: amount,
  low_drift: amount,
  actual: amount,
  actual_drift: amount,
  transaction_type: z.enum(["BUY", "SELL"]).nullable(),
  trade_quantity: z.number().int().positive().nullable(),
});

/** rebalance.ts RebalancePortfolio */
export const PortalRebalancePortfolio = z.looseObject({
  portfolio_id: id24,
  market_value: amount,
  cash_before_rebalance: amount,
  cash_after_rebalance: amount,
  positions: z.array(PortalRebalancePosition),
});

/** rebalance.ts Rebalance: GET /rebalance/{id} and every item of GET /rebalances. */
export const PortalRebalance = z.looseObject({
  rebalance_id: id24,
  model_id: id24,
  rebalance_date: dateString,
  model_name: z.string(),
  number_of_portfolios: z.number().int().nonnegative(),
  portfolios: z.array(PortalRebalancePortfolio),
  version: z.number().int().positive(),
  created_at: dateString,
});

export type PortalModel = z.infer<typeof PortalModel>;
export type PortalRebalancePosition = z.infer<typeof PortalRebalancePosition>;
export type PortalRebalancePortfolio = z.infer<typeof PortalRebalancePortfolio>;
export type PortalRebalance = z.infer<typeof PortalRebalance>;

/** Parses `value` as the portal's type, failing with the path of every mismatching field. */
export function asPortal<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`${what} is not the portal's type: ${issues}\n${JSON.stringify(value).slice(0, 600)}`);
  }
  return parsed.data;
}
