// Wire schemas of a rebalance's trading options (README "Trading constraints"): the body of the model's
// `rebalance-options` sub-resource and the `options` of a rebalance request, and how both are answered.
// The schemas check shapes; the ranges are the domain's (validateRebalanceOptions), reported as field errors
// of the same 400.
import { REBALANCE_MODES, TRADE_RESTRICTIONS, validateRebalanceOptions, rebalanceOptionsFromJson } from "@ogs/domain";
import { decimalInput, DecimalOutput, expected } from "../../http/decimal.js";
import { z } from "../../http/zod.js";
import { SecurityId, Version } from "../models/schemas.js";

const SECURITY_EXAMPLE = "SEC000000000000000000001";
const decimal = (example: string, description: string) =>
  decimalInput(example, { nonNegative: false }).optional().openapi({ description, example });
const bySecurity = <T extends z.ZodType>(value: T, description: string, example: unknown) =>
  z
    .record(SecurityId, value, {
      error: (issue) =>
        issue.code === "invalid_key"
          ? "is not a security id: must be 24 letters or digits"
          : issue.input === undefined
            ? "is required"
            : "must be an object keyed by security id",
    })
    .optional()
    .openapi({ description, example });

const Mode = z.enum(REBALANCE_MODES, { error: `must be one of ${REBALANCE_MODES.join(", ")}` });
const Restriction = z.enum(TRADE_RESTRICTIONS, { error: `must be one of ${TRADE_RESTRICTIONS.join(", ")}` });

export const RebalanceOptionsInput = z
  .strictObject(
    {
      mode: Mode.optional().openapi({
        description:
          "`full` (default) trades both ways; `buy_only` only invests cash (no security is sold); `sell_only` only raises cash (no security is bought).",
        example: "buy_only",
      }),
      min_cash: decimal(
        "1000",
        "Cash kept after the trades, in money (default 0): Σ new values ≤ MV − max(min_cash, min_cash_fraction·MV).",
      ),
      min_cash_fraction: decimal("0.02", "Cash kept after the trades, as a fraction of MV in [0, 1] (default 0)."),
      min_trade_value: decimal(
        "500",
        "Smallest trade worth a ticket, in money (default 0): each trade is 0 or |d|·p ≥ it, unless it closes the position.",
      ),
      max_turnover: decimal("0.25", "Most traded value, as a fraction of MV (default: no cap): Σ |d|·p ≤ it·MV."),
      transaction_cost_bps: decimal(
        "5",
        "Cost of trading in basis points of traded value, weighed against drift in the objective (default 0, at most 10000).",
      ),
      restrictions: bySecurity(
        Restriction,
        "Per security: `no_buy` (never above today's quantity), `no_sell` (never below), `no_trade` (unchanged). Combined with `mode`.",
        { [SECURITY_EXAMPLE]: "no_sell" },
      ),
      lot_sizes: bySecurity(
        z.number(expected("a whole number")),
        "Per security lot size (whole number from 1, default 1): every trade is a multiple of it, unless it closes the position.",
        { [SECURITY_EXAMPLE]: 100 },
      ),
      transaction_cost_bps_by_security: bySecurity(
        decimalInput("2.5", { nonNegative: false }),
        "Per security transaction cost in basis points, overriding `transaction_cost_bps`.",
        { [SECURITY_EXAMPLE]: "2.5" },
      ),
    },
    expected("a JSON object"),
  )
  .superRefine((wire, ctx) => {
    // zod runs this even when a field failed its own check; such a field is already reported.
    if (ctx.issues?.length) return;
    for (const { field, message } of validateRebalanceOptions(rebalanceOptionsFromJson(wire), ""))
      ctx.addIssue({ code: "custom", path: field.split("."), message });
  })
  .openapi("RebalanceOptions", {
    description:
      'How the optimizer may trade (README "Trading constraints"). Every option is optional; none changes nothing. Maps are keyed by security ids of the model.',
  });

export const RebalanceOptionsOutput = z
  .strictObject({
    mode: Mode.optional(),
    min_cash: DecimalOutput.optional(),
    min_cash_fraction: DecimalOutput.optional(),
    min_trade_value: DecimalOutput.optional(),
    max_turnover: DecimalOutput.optional(),
    transaction_cost_bps: DecimalOutput.optional(),
    restrictions: z.record(z.string(), Restriction).optional(),
    lot_sizes: z.record(z.string(), z.number().int()).optional(),
    transaction_cost_bps_by_security: z.record(z.string(), DecimalOutput).optional(),
  })
  .openapi("RebalanceOptionsInForce", {
    description: "Trading options as stored; decimals as exact strings, options never set are absent.",
  });

export const ModelRebalanceOptionsInput = z
  .strictObject({ options: RebalanceOptionsInput, version: Version.optional() }, expected("a JSON object"))
  .openapi("ModelRebalanceOptionsChange", {
    description:
      "The model's new default options, whole; `version` (here or in the query) is checked like a PUT when given.",
    example: {
      options: { mode: "buy_only", min_trade_value: "500", lot_sizes: { [SECURITY_EXAMPLE]: 100 } },
      version: 3,
    },
  });

export const ModelRebalanceOptionsOutput = z
  .strictObject({
    model_id: z.string().openapi({ example: "65f1c0a1b2c3d4e5f6a7b8c9" }),
    version: z.number().int().openapi({ description: "The model's version." }),
    options: RebalanceOptionsOutput,
  })
  .openapi("ModelRebalanceOptions");

export type RebalanceOptionsWire = z.output<typeof RebalanceOptionsInput>;
export type RebalanceOptionsOutput = z.output<typeof RebalanceOptionsOutput>;
