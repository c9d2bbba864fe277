// The `options` object of a `solve` CLI instance (README "Solver CLI"): the domain's JSON form of the options
// (options-json.ts: the same names and decimals as the API), checked field by field so every bad one is named;
// per-position `lot_size` and `transaction_cost_bps` are read by instance-format.ts instead of the JSON's maps.
import {
  OPTION_DECIMAL_FIELDS,
  REBALANCE_MODES,
  TRADE_RESTRICTIONS,
  parseDecimal,
  rebalanceOptionsFromJson,
  validateRebalanceOptions,
} from "@ogs/domain";
import type { FieldError, RebalanceMode, RebalanceOptions, RebalanceOptionsJson, TradeRestriction } from "@ogs/domain";

/** The option names an instance may carry: the JSON form's, less the per-security maps. */
const OPTION_FIELDS: readonly string[] = ["mode", "restrictions", ...OPTION_DECIMAL_FIELDS.map(([, field]) => field)];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function parseRestrictions(value: unknown, path: string, errors: FieldError[]): Record<string, TradeRestriction> {
  if (!isRecord(value)) {
    errors.push({ field: path, message: "expected an object {security_id: restriction}" });
    return {};
  }
  const restrictions: Record<string, TradeRestriction> = {};
  for (const [id, restriction] of Object.entries(value)) {
    if (TRADE_RESTRICTIONS.includes(restriction as TradeRestriction))
      restrictions[id] = restriction as TradeRestriction;
    else errors.push({ field: `${path}.${id}`, message: `expected one of ${TRADE_RESTRICTIONS.join(", ")}` });
  }
  return restrictions;
}

/** Parses `options` (absent: no options); pushes one error per bad field, named under `path`. */
export function parseOptions(value: unknown, path: string, errors: FieldError[]): RebalanceOptions {
  if (value === undefined) return {};
  if (!isRecord(value)) {
    errors.push({ field: path, message: "expected an object" });
    return {};
  }
  const json: RebalanceOptionsJson<string | number> = {};
  for (const key of Object.keys(value))
    if (!OPTION_FIELDS.includes(key)) errors.push({ field: `${path}.${key}`, message: "unknown option" });
  if (value.mode !== undefined) {
    if (REBALANCE_MODES.includes(value.mode as RebalanceMode)) json.mode = value.mode as RebalanceMode;
    else errors.push({ field: `${path}.mode`, message: `expected one of ${REBALANCE_MODES.join(", ")}` });
  }
  for (const [, field] of OPTION_DECIMAL_FIELDS) {
    const raw = value[field];
    if (raw === undefined) continue;
    if ((typeof raw === "string" || typeof raw === "number") && parseDecimal(raw)) json[field] = raw;
    else errors.push({ field: `${path}.${field}`, message: "expected a decimal (string or number)" });
  }
  if (value.restrictions !== undefined)
    json.restrictions = parseRestrictions(value.restrictions, `${path}.restrictions`, errors);
  // Only shapes that parse reach the codec; the ranges are the domain's to check.
  const options = rebalanceOptionsFromJson(json);
  errors.push(...validateRebalanceOptions(options, `${path}.`));
  return options;
}
