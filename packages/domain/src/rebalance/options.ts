// Trading options of a rebalance (README "Trading constraints"): how the caller lets the optimizer trade.
// Pure and zod-free: the API parses JSON with its own schemas, then calls validateRebalanceOptions for the
// rules below; the optimizer calls resolveRebalanceOptions. Every option is absent by default, and
// absent options leave the problem of SPEC §5.1 exactly as it is.
import { RuleViolationError } from "../errors/rule-violation-error.js";
import type { FieldError } from "../errors/validation-error.js";
import { Dec, formatDecimal } from "../money.js";

/** `full` trades both ways; `buy_only` only invests cash (no security sells); `sell_only` only raises cash. */
export type RebalanceMode = "full" | "buy_only" | "sell_only";
/** `no_buy`: x ≤ u; `no_sell`: x ≥ u; `no_trade`: x = u (u current, x new quantity). */
export type TradeRestriction = "no_buy" | "no_sell" | "no_trade";

export const REBALANCE_MODES: readonly RebalanceMode[] = ["full", "buy_only", "sell_only"];
export const TRADE_RESTRICTIONS: readonly TradeRestriction[] = ["no_buy", "no_sell", "no_trade"];

export const REBALANCE_OPTION_LIMITS = {
  /** Largest transaction cost: 10,000 bps = 100 % of the traded value. */
  maxTransactionCostBps: new Dec(10_000),
  /** Largest lot size (shares). */
  maxLotSize: 1_000_000_000,
} as const;

/** Options of one rebalance; the maps are keyed by security id and ignore securities a portfolio lacks. */
export interface RebalanceOptions {
  /** @defaultValue "full" */
  mode?: RebalanceMode;
  /** Cash kept after the trades, in money: Σ x·p ≤ MV − max(minCash, minCashFraction·MV). @defaultValue 0 */
  minCash?: Dec;
  /** Cash kept after the trades, as a fraction of MV in [0, 1]. @defaultValue 0 */
  minCashFraction?: Dec;
  /** A trade is 0 or worth at least this much (|d|·p), unless it closes the position (x = 0). @defaultValue 0 */
  minTradeValue?: Dec;
  /** Σ |d|·p ≤ maxTurnover·MV (a fraction of MV, ≥ 0). @defaultValue none (no cap) */
  maxTurnover?: Dec;
  /** Cost of trading, in basis points of the traded value, for every security without an override. @defaultValue 0 */
  transactionCostBps?: Dec;
  /** Per-security restriction; combined with `mode` (no_buy and no_sell together make no_trade). @defaultValue {} */
  restrictions?: Readonly<Record<string, TradeRestriction>>;
  /** Per-security lot size (whole number ≥ 1): d is a multiple of it unless x = 0. @defaultValue 1 each */
  lotSizes?: Readonly<Record<string, number>>;
  /** Per-security transaction cost in basis points, overriding `transactionCostBps`. @defaultValue {} */
  transactionCostBpsBySecurity?: Readonly<Record<string, Dec>>;
}

/** The rules one security trades under, after the mode, its restriction and the defaults are applied. */
export interface SecurityTradingRules {
  restriction: TradeRestriction | null;
  /** Whole number ≥ 1; 1 means whole shares with no lot rule. */
  lotSize: Dec;
  /** bps / 10,000: the cost of one unit of traded value. */
  costRate: Dec;
}

/** Every option with its default applied; `rulesFor` resolves one security. */
export interface ResolvedRebalanceOptions {
  mode: RebalanceMode;
  minCash: Dec;
  minCashFraction: Dec;
  minTradeValue: Dec;
  maxTurnover: Dec | null;
  rulesFor(securityId: string): SecurityTradingRules;
}

const BPS = new Dec(10_000);
const own = <T>(map: Readonly<Record<string, T>> | undefined, key: string): T | undefined =>
  map !== undefined && Object.hasOwn(map, key) ? map[key] : undefined;

function combine(mode: RebalanceMode, restriction: TradeRestriction | undefined): TradeRestriction | null {
  const fromMode = mode === "buy_only" ? "no_sell" : mode === "sell_only" ? "no_buy" : undefined;
  if (!fromMode) return restriction ?? null;
  if (!restriction || restriction === fromMode) return fromMode;
  return "no_trade";
}

/** Applies the defaults; assumes validateRebalanceOptions found nothing wrong. */
export function resolveRebalanceOptions(options: RebalanceOptions = {}): ResolvedRebalanceOptions {
  const mode = options.mode ?? "full";
  const defaultRate = (options.transactionCostBps ?? new Dec(0)).div(BPS);
  const wholeShares = new Dec(1);
  return {
    mode,
    minCash: options.minCash ?? new Dec(0),
    minCashFraction: options.minCashFraction ?? new Dec(0),
    minTradeValue: options.minTradeValue ?? new Dec(0),
    maxTurnover: options.maxTurnover ?? null,
    rulesFor(securityId) {
      const bps = own(options.transactionCostBpsBySecurity, securityId);
      const lot = own(options.lotSizes, securityId);
      return {
        restriction: combine(mode, own(options.restrictions, securityId)),
        lotSize: lot === undefined || lot === 1 ? wholeShares : new Dec(lot),
        costRate: bps === undefined ? defaultRate : bps.div(BPS),
      };
    },
  };
}

/** The cash a rebalance must keep: max(minCash, minCashFraction·MV). */
export function cashReserve(options: ResolvedRebalanceOptions, marketValue: Dec): Dec {
  return Dec.max(options.minCash, options.minCashFraction.times(marketValue));
}

/** True when no option changes the problem of SPEC §5.1 (every option absent or at its default). */
export function isPlainRebalance(options: RebalanceOptions = {}): boolean {
  const zero = (value: Dec | undefined) => value === undefined || value.isZero();
  const lots = Object.values(options.lotSizes ?? {});
  const costs = Object.values(options.transactionCostBpsBySecurity ?? {});
  return (
    (options.mode ?? "full") === "full" &&
    zero(options.minCash) &&
    zero(options.minCashFraction) &&
    zero(options.minTradeValue) &&
    options.maxTurnover === undefined &&
    zero(options.transactionCostBps) &&
    Object.keys(options.restrictions ?? {}).length === 0 &&
    lots.every((lot) => lot === 1) &&
    costs.every((bps) => bps.isZero())
  );
}

function decimalErrors(field: string, value: Dec | undefined, max?: Dec): FieldError[] {
  if (value === undefined) return [];
  if (!value.isFinite()) return [{ field, message: "must be a finite decimal" }];
  if (value.isNegative() && !value.isZero()) return [{ field, message: "must not be negative" }];
  if (max && value.gt(max)) return [{ field, message: `must be at most ${formatDecimal(max)}` }];
  return [];
}

/**
 * Field errors of options whose shapes are already right (the API's schemas check those): names in the
 * wire's snake_case under `prefix`. Empty when the options are valid.
 */
export function validateRebalanceOptions(options: RebalanceOptions, prefix = "options."): FieldError[] {
  const errors: FieldError[] = [];
  if (options.mode !== undefined && !REBALANCE_MODES.includes(options.mode))
    errors.push({ field: `${prefix}mode`, message: `must be one of ${REBALANCE_MODES.join(", ")}` });
  errors.push(
    ...decimalErrors(`${prefix}min_cash`, options.minCash),
    ...decimalErrors(`${prefix}min_cash_fraction`, options.minCashFraction, new Dec(1)),
    ...decimalErrors(`${prefix}min_trade_value`, options.minTradeValue),
    ...decimalErrors(`${prefix}max_turnover`, options.maxTurnover),
    ...decimalErrors(
      `${prefix}transaction_cost_bps`,
      options.transactionCostBps,
      REBALANCE_OPTION_LIMITS.maxTransactionCostBps,
    ),
  );
  for (const [id, restriction] of Object.entries(options.restrictions ?? {}))
    if (!TRADE_RESTRICTIONS.includes(restriction))
      errors.push({ field: `${prefix}restrictions.${id}`, message: `must be one of ${TRADE_RESTRICTIONS.join(", ")}` });
  for (const [id, lot] of Object.entries(options.lotSizes ?? {}))
    if (!Number.isSafeInteger(lot) || lot < 1 || lot > REBALANCE_OPTION_LIMITS.maxLotSize)
      errors.push({
        field: `${prefix}lot_sizes.${id}`,
        message: `must be a whole number from 1 to ${REBALANCE_OPTION_LIMITS.maxLotSize}`,
      });
  for (const [id, bps] of Object.entries(options.transactionCostBpsBySecurity ?? {}))
    errors.push(
      ...decimalErrors(
        `${prefix}transaction_cost_bps_by_security.${id}`,
        bps,
        REBALANCE_OPTION_LIMITS.maxTransactionCostBps,
      ),
    );
  return errors;
}

/** One error per map entry naming a security outside `securityIds` (the API answers those with 422). */
export function findUnknownOptionSecurities(
  options: RebalanceOptions,
  securityIds: Iterable<string>,
  prefix = "options.",
): FieldError[] {
  const known = new Set(securityIds);
  const maps: [string, Readonly<Record<string, unknown>> | undefined][] = [
    ["restrictions", options.restrictions],
    ["lot_sizes", options.lotSizes],
    ["transaction_cost_bps_by_security", options.transactionCostBpsBySecurity],
  ];
  return maps.flatMap(([name, map]) =>
    Object.keys(map ?? {})
      .filter((id) => !known.has(id))
      .map((id) => ({ field: `${prefix}${name}.${id}`, message: `security ${id} is not in the model` })),
  );
}

/** Throws a 422 naming every per-security entry for a security outside `securityIds` (the model's). */
export function assertOptionSecuritiesKnown(
  options: RebalanceOptions,
  securityIds: Iterable<string>,
  prefix = "options.",
): void {
  const errors = findUnknownOptionSecurities(options, securityIds, prefix);
  if (errors.length === 0) return;
  const first = errors[0]!;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
  throw new RuleViolationError(
    "option-security-not-in-model",
    `The trading options name a security outside the model: ${first.field}: ${first.message}${more}.`,
    errors,
  );
}

/** A request's options over a model's stored defaults, key by key (a key the request sets wins whole). */
export function mergeRebalanceOptions(defaults: RebalanceOptions, overrides: RebalanceOptions): RebalanceOptions {
  const merged: RebalanceOptions = { ...defaults };
  for (const [key, value] of Object.entries(overrides) as [keyof RebalanceOptions, unknown][])
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  return merged;
}

/**
 * The options with every per-security entry outside `securityIds` dropped: a model's stored defaults may
 * name a security its positions no longer hold, and those entries no longer apply to its rebalances.
 */
export function restrictOptionsTo(options: RebalanceOptions, securityIds: Iterable<string>): RebalanceOptions {
  const known = new Set(securityIds);
  const keep = <T>(map: Readonly<Record<string, T>> | undefined): Record<string, T> | undefined => {
    if (map === undefined) return undefined;
    const kept = Object.entries(map).filter(([id]) => known.has(id));
    return kept.length > 0 ? Object.fromEntries(kept) : undefined;
  };
  const restricted: RebalanceOptions = { ...options };
  const restrictions = keep(options.restrictions);
  const lotSizes = keep(options.lotSizes);
  const costs = keep(options.transactionCostBpsBySecurity);
  delete restricted.restrictions;
  delete restricted.lotSizes;
  delete restricted.transactionCostBpsBySecurity;
  if (restrictions) restricted.restrictions = restrictions;
  if (lotSizes) restricted.lotSizes = lotSizes;
  if (costs) restricted.transactionCostBpsBySecurity = costs;
  return restricted;
}

/** True when two option sets say the same thing (decimals compared by value, maps by entry). */
export function sameRebalanceOptions(a: RebalanceOptions, b: RebalanceOptions): boolean {
  const sameDec = (x: Dec | undefined, y: Dec | undefined) =>
    x === undefined ? y === undefined : y !== undefined && x.eq(y);
  const sameMap = <T>(
    x: Readonly<Record<string, T>> | undefined,
    y: Readonly<Record<string, T>> | undefined,
    eq: (p: T, q: T) => boolean,
  ) => {
    const xs = Object.entries(x ?? {});
    return (
      xs.length === Object.keys(y ?? {}).length &&
      xs.every(([id, v]) => y !== undefined && Object.hasOwn(y, id) && eq(v, y[id]!))
    );
  };
  return (
    a.mode === b.mode &&
    sameDec(a.minCash, b.minCash) &&
    sameDec(a.minCashFraction, b.minCashFraction) &&
    sameDec(a.minTradeValue, b.minTradeValue) &&
    sameDec(a.maxTurnover, b.maxTurnover) &&
    sameDec(a.transactionCostBps, b.transactionCostBps) &&
    sameMap(a.restrictions, b.restrictions, (p, q) => p === q) &&
    sameMap(a.lotSizes, b.lotSizes, (p, q) => p === q) &&
    sameMap(a.transactionCostBpsBySecurity, b.transactionCostBpsBySecurity, (p, q) => p.eq(q))
  );
}
