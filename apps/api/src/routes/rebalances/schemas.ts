// Wire schemas of the rebalance API (SPEC §3, §5.5): request validation and the OpenAPI document come
// from these. Stored results carry the original service's field names and exact-digit JSON numbers; the
// synchronous RebalanceDTO's drifts are exact strings, as the original sends them.
import { FINAL_PORTFOLIO_STATUSES, PORTFOLIO_STATUSES, REBALANCE_STATUSES } from "@ogs/domain";
import { DecimalOutput } from "../../http/decimal.js";
import { z } from "../../http/zod.js";
import { RebalanceOptionsInput, RebalanceOptionsOutput } from "../rebalance-options/schemas.js";
import { ModelId, PagingNumber, PAGING_NUMBER_MAX, PortfolioId, VersionQuery } from "../models/schemas.js";

/** Most portfolio ids one POST /rebalances/portfolios may ask about. */
export const MAX_PORTFOLIOS_IN_QUERY = 1_000;
/** Paging of the rebalance lists (SPEC §5.5): default 10, at most 100. */
export const PAGE_DEFAULT = 10;
export const PAGE_MAX = 100;

const Timestamp = z.iso.datetime().openapi({ example: "2025-01-02T03:04:05.000Z" });
const TradeDate = z.iso.date().openapi({ description: "Calendar date (UTC).", example: "2025-01-02" });
const TransactionType = z.enum(["BUY", "SELL"]);

export const RebalanceId = z
  .string()
  .regex(/^[0-9a-fA-F]{24}$/, "must be 24 hexadecimal characters")
  .openapi({ example: "65f1c0a1b2c3d4e5f6a7b8c9" });

export const ModelRebalanceParams = z.strictObject({ model_id: ModelId });
export const PortfolioRebalanceParams = z.strictObject({ portfolio_id: PortfolioId });
export const RebalanceParams = z.strictObject({ rebalance_id: RebalanceId });
export const RebalancePortfolioParams = z.strictObject({ rebalance_id: RebalanceId, portfolio_id: PortfolioId });

export const SubmitInput = z
  .strictObject(
    {
      callback_url: z
        .string({ error: "must be a string" })
        .max(2_048, "must be at most 2048 characters")
        .optional()
        .openapi({
          description: "Where the completion webhook goes (SPEC §6); implies an asynchronous answer.",
          example: "https://example.com/hooks/rebalance",
        }),
      options: RebalanceOptionsInput.optional(),
    },
    { error: "must be a JSON object" },
  )
  .openapi("RebalanceSubmit", {
    description:
      "Optional: the portal sends no body. `options` override the model's default trading options key by key.",
    example: {
      callback_url: "https://example.com/hooks/rebalance",
      options: { mode: "buy_only", min_trade_value: "500", lot_sizes: { SEC000000000000000000001: 100 } },
    },
  });

/** The request headers of the two submissions (SPEC §5.5): the response mode and the Idempotency-Key. */
export const SubmitHeaders = z.object({
  Prefer: z.string().optional().openapi({
    description: "`respond-async` for a 202 at once; `wait=N` to wait at most N seconds.",
    example: "respond-async",
  }),
  "Idempotency-Key": z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/, "must be 1 to 255 visible ASCII characters")
    .optional()
    .openapi({ example: "7b1f4c1e-5a8e-4f0e-9d55-0c7b8f8f3a11" }),
});

const pageFields = {
  offset: PagingNumber.optional().openapi({
    description: `Items to skip, at most ${PAGING_NUMBER_MAX}.`,
    example: "0",
  }),
  limit: PagingNumber.optional().openapi({
    description: `Most items to return (default ${PAGE_DEFAULT}, at most ${PAGE_MAX}).`,
    example: "10",
  }),
};
export const PageQuery = z.strictObject(pageFields);

export const RebalanceGetQuery = z.strictObject({
  portfolio_limit: PagingNumber.optional().openapi({
    description:
      "Embeds only the first N portfolios in submission order (default: all of them); 0 answers status and progress only. Pollers should read `links.self`, the status view, instead.",
    example: "0",
  }),
});
const SummaryQuery = z.enum(["true", "false"], { error: "must be true or false" }).optional().openapi({
  description:
    "`true` lists each rebalance without its portfolios (status and progress only): for pollers and webhook consumers. Default `false`: whole documents, as the original service.",
  example: "true",
});
/** POST /rebalances/portfolios: paging and the summary switch. */
export const PortfolioQueryQuery = z.strictObject({ ...pageFields, summary: SummaryQuery });
export const RebalanceListQuery = z.strictObject({
  ...pageFields,
  sort_by: z.string({ error: "must be a single comma-separated list" }).optional().openapi({
    description:
      "Comma-separated `rebalance_date`, `rebalance_id`, `model_name`, `number_of_portfolios` (the portal's columns), `completed_at`, `model_id`, `status`, each optionally prefixed `+` (ascending, the default) or `-`. Default: newest first.",
    example: "-rebalance_date",
  }),
  summary: SummaryQuery,
});
export const DeleteQuery = z.strictObject({ version: VersionQuery });

export const PortfolioQueryInput = z
  .strictObject(
    {
      portfolios: z
        .array(PortfolioId, {
          error: (issue) => (issue.input === undefined ? "is required" : "must be an array of portfolio ids"),
        })
        .min(1, "must list at least one portfolio id")
        .max(MAX_PORTFOLIOS_IN_QUERY, `must list at most ${MAX_PORTFOLIOS_IN_QUERY} portfolio ids`),
    },
    { error: "must be a JSON object" },
  )
  .openapi("RebalancePortfolioQuery");

const Count = z.number().int().min(0);
export const ProgressOutput = z
  .strictObject({ queued: Count, running: Count, completed: Count, infeasible: Count, failed: Count, cancelled: Count })
  .openapi("RebalanceProgress", { description: "Portfolios per status." });

export const LinksOutput = z
  .strictObject({
    self: z.string().openapi({ description: "The status view: status and progress, no portfolios. Poll this." }),
    document: z.string().openapi({ description: "The whole rebalance document with every portfolio." }),
    portfolios: z.string().openapi({ description: "Its portfolios, paged." }),
    deliveries: z.string().openapi({ description: "Its webhook deliveries." }),
  })
  .openapi("RebalanceLinks");

export const AcceptedOutput = z
  .strictObject({
    rebalance_id: z.string(),
    status: z.enum(REBALANCE_STATUSES),
    number_of_portfolios: z.number().int(),
    links: LinksOutput,
  })
  .openapi("RebalanceAccepted", { description: "The rebalance goes on in the background; poll `links.self`." });

export const TransactionOutput = z
  .strictObject({
    transaction_type: TransactionType,
    security_id: z.string(),
    quantity: z.number(),
    trade_date: TradeDate,
  })
  .openapi("Transaction");

export const DriftOutput = z
  .strictObject({
    security_id: z.string(),
    original_quantity: DecimalOutput,
    adjusted_quantity: DecimalOutput,
    target: DecimalOutput,
    high_drift: DecimalOutput,
    low_drift: DecimalOutput,
    actual: DecimalOutput,
  })
  .openapi("Drift");

export const RebalanceDtoOutput = z
  .strictObject({
    portfolio_id: z.string(),
    portfolio_name: z.string(),
    rebalance_id: z.string(),
    status: z.enum(FINAL_PORTFOLIO_STATUSES).openapi({ description: "`completed` unless it could not be solved." }),
    error: z.string().nullable().openapi({ description: "Why an infeasible or failed portfolio has no trades." }),
    transactions: z.array(TransactionOutput),
    drifts: z.array(DriftOutput),
  })
  .openapi("RebalanceDTO", {
    description:
      "The synchronous answer per portfolio (the original GlobeCo contract). A portfolio that was infeasible or failed has empty `transactions` and `drifts`, its `status` and its `error`.",
  });

/** A decimal served as a JSON number with its exact digits (SPEC §3). */
const ExactNumber = z.number().openapi({
  description: "Exact decimal, written as a JSON number with its own digits (never rounded through a binary float).",
  example: 620372.05,
});

export const PositionDetailOutput = z
  .strictObject({
    security_id: z.string(),
    price: ExactNumber,
    original_quantity: ExactNumber,
    adjusted_quantity: ExactNumber,
    original_position_market_value: ExactNumber,
    adjusted_position_market_value: ExactNumber,
    target: ExactNumber,
    high_drift: ExactNumber,
    low_drift: ExactNumber,
    actual: ExactNumber,
    actual_drift: ExactNumber.openapi({
      description: "actual/target − 1 (negative below target; 0 when the target is 0), the original's rule.",
    }),
    transaction_type: TransactionType.nullable(),
    trade_quantity: z.number().nullable(),
    trade_date: TradeDate.nullable(),
  })
  .openapi("RebalancePosition");

export const PortfolioDetailOutput = z
  .strictObject({
    portfolio_id: z.string(),
    portfolio_name: z.string().nullable(),
    status: z.enum(PORTFOLIO_STATUSES),
    error: z.string().nullable(),
    market_value: ExactNumber.openapi({ description: "0 while the portfolio has no solved data (see `status`)." }),
    cash_before_rebalance: ExactNumber,
    cash_after_rebalance: ExactNumber,
    transactions: z.array(TransactionOutput),
    positions: z.array(PositionDetailOutput),
  })
  .openapi("RebalancePortfolio");

const statusFields = {
  rebalance_id: z.string(),
  model_id: z.string(),
  model_name: z.string(),
  rebalance_date: Timestamp,
  number_of_portfolios: z.number().int(),
  options: RebalanceOptionsOutput.openapi({
    description: "The trading options in force: the model's defaults under the request's `options`. `{}`: none.",
  }),
  status: z.enum(REBALANCE_STATUSES),
  progress: ProgressOutput,
  error: z
    .strictObject({ service: z.string().nullable(), message: z.string() })
    .nullable()
    .openapi({ description: "Why the rebalance stopped early (fail-fast)." }),
  version: z.number().int(),
  created_at: Timestamp,
  completed_at: Timestamp.nullable(),
  links: LinksOutput,
};

export const RebalanceStatusOutput = z.strictObject(statusFields).openapi("RebalanceStatus", {
  description: "A rebalance without its portfolios: what pollers read.",
});

export const RebalanceOutput = z
  .strictObject({
    ...statusFields,
    portfolios: z.array(PortfolioDetailOutput).openapi({
      description:
        "Every portfolio in submission order — the model's portfolio order when it was submitted — each with its own status (or the first `portfolio_limit`).",
    }),
  })
  .openapi("Rebalance");

export type AcceptedOutput = z.output<typeof AcceptedOutput>;
export type RebalanceDtoOutput = z.output<typeof RebalanceDtoOutput>;
export type RebalanceStatusOutput = z.output<typeof RebalanceStatusOutput>;
export type TransactionOutput = z.output<typeof TransactionOutput>;
export type DriftOutput = z.output<typeof DriftOutput>;
export type SubmitInput = z.output<typeof SubmitInput>;
