// Wire schemas of the model API (SPEC §3, §4): request validation and the OpenAPI document come from
// these. Requests accept decimals as strings or numbers; responses emit them as exact strings.
import { MODEL_ID_PATTERN, MODEL_LIMITS, PORTFOLIO_ID_PATTERN, SECURITY_ID_PATTERN } from "@ogs/domain";
import { decimalInput, DecimalOutput, expected } from "../../http/decimal.js";
import { z } from "../../http/zod.js";

/** Position lists may carry zero-target entries (removed on save), so the array bound is above rule 2's 100. */
const MAX_POSITIONS_IN_REQUEST = 1_000;

export const ModelId = z
  .string()
  .regex(MODEL_ID_PATTERN, "must be 24 hexadecimal characters")
  .openapi({ example: "65f1c0a1b2c3d4e5f6a7b8c9" });
export const SecurityId = z
  .string(expected("a string"))
  .regex(SECURITY_ID_PATTERN, "must be 24 letters or digits")
  .openapi({ example: "SEC000000000000000000001" });
export const PortfolioId = z
  .string(expected("a string"))
  .regex(PORTFOLIO_ID_PATTERN, "must be 24 letters or digits")
  .openapi({ example: "PF0000000000000000000001" });
export const Version = z
  .number(expected("an integer"))
  .int("must be an integer")
  .min(1, "must be at least 1")
  .max(Number.MAX_SAFE_INTEGER, "is too large");
/** A version in the query string (`?version=3`). */
export const VersionQuery = z
  .string(expected("a single integer"))
  .regex(/^[1-9]\d{0,14}$/, "must be a positive integer")
  .openapi({ description: "The version the caller read (optimistic concurrency).", example: "1" });

const Name = z
  .string(expected("a string"))
  .min(MODEL_LIMITS.nameMinLength, "must not be empty")
  .max(MODEL_LIMITS.nameMaxLength, `must be at most ${MODEL_LIMITS.nameMaxLength} characters`)
  .refine((name) => name.trim().length > 0, "must not be blank")
  .openapi({ example: "Global Growth" });

const positionFields = {
  security_id: SecurityId,
  target: decimalInput("0.05", { max: MODEL_LIMITS.targetMax }),
  high_drift: decimalInput("0.02", { max: MODEL_LIMITS.driftMax }),
  low_drift: decimalInput("0.01", { max: MODEL_LIMITS.driftMax }),
};

export const PositionInput = z.strictObject(positionFields, expected("an object")).openapi("PositionInput");
const Positions = z
  .array(PositionInput, expected("an array of positions"))
  .max(MAX_POSITIONS_IN_REQUEST, `must list at most ${MAX_POSITIONS_IN_REQUEST} positions`);
const Portfolios = z.array(PortfolioId, expected("an array of portfolio ids"));

export const ModelCreateInput = z
  .strictObject(
    { name: Name, positions: Positions.default([]), portfolios: Portfolios.default([]) },
    expected("a JSON object"),
  )
  .openapi("ModelCreate", {
    description: "A new model. Zero-target positions are dropped; duplicate portfolio ids collapse.",
  });

export const ModelReplaceInput = z
  .strictObject(
    {
      name: Name,
      positions: Positions,
      portfolios: Portfolios,
      last_rebalance_date: z.iso
        .datetime({ offset: true, error: "must be an ISO 8601 date-time" })
        .nullable()
        .optional(),
      version: Version,
    },
    expected("a JSON object"),
  )
  .openapi("ModelUpdate");

export const PositionChangeInput = z
  .strictObject({ ...positionFields, version: Version.optional() }, expected("a JSON object"))
  .openapi("PositionChange", {
    description: "One position; `version` (here or in the query) is checked like a PUT when given.",
  });

export const PortfolioChangeInput = z
  .strictObject(
    { portfolios: Portfolios.min(1, "must list at least one portfolio id"), version: Version.optional() },
    expected("a JSON object"),
  )
  .openapi("PortfolioChange");

export const ModelParams = z.strictObject({ model_id: ModelId });
export const NoQuery = z.strictObject({});
export const OptionalVersionQuery = z.strictObject({ version: VersionQuery.optional() });
export const RequiredVersionQuery = z.strictObject({ version: VersionQuery });

/** MongoDB's skip and limit are 32-bit integers: a larger paging number would fail inside the driver. */
export const PAGING_NUMBER_MAX = 2_147_483_647;

/** `offset` / `limit` in a query string: a non-negative integer up to PAGING_NUMBER_MAX. */
export const PagingNumber = z
  .string({ error: "must be a single non-negative integer" })
  .regex(/^\d+$/, { message: "must be a non-negative integer", abort: true })
  .refine((value) => Number(value) <= PAGING_NUMBER_MAX, {
    message: `must be at most ${PAGING_NUMBER_MAX}`,
    abort: true,
  });

export const ModelListQuery = z.strictObject({
  offset: PagingNumber.optional().openapi({
    description: `Models to skip (after sorting), at most ${PAGING_NUMBER_MAX}. At or beyond the number of models the page is empty (200 []).`,
    example: "0",
  }),
  limit: PagingNumber.optional().openapi({
    description: `Most models to return, at most ${PAGING_NUMBER_MAX}; all when omitted.`,
    example: "10",
  }),
  sort_by: z.string({ error: "must be a single comma-separated list" }).optional().openapi({
    description:
      "Comma-separated `model_id`, `name`, `last_rebalance_date`, each optionally prefixed `+` (ascending, default) or `-`.",
    example: "-last_rebalance_date,name",
  }),
});

export const PositionOutput = z
  .strictObject({ security_id: z.string(), target: DecimalOutput, high_drift: DecimalOutput, low_drift: DecimalOutput })
  .openapi("Position");

export const ModelOutput = z
  .strictObject({
    model_id: z.string().openapi({ example: "65f1c0a1b2c3d4e5f6a7b8c9" }),
    name: z.string(),
    positions: z.array(PositionOutput),
    portfolios: z.array(z.string()),
    last_rebalance_date: z.iso.datetime().nullable(),
    version: z.number().int(),
  })
  .openapi("Model");

export type ModelCreateInput = z.output<typeof ModelCreateInput>;
export type ModelReplaceInput = z.output<typeof ModelReplaceInput>;
export type PositionWire = z.output<typeof PositionInput>;
export type ModelOutput = z.output<typeof ModelOutput>;
