// What every portal call's answer must satisfy, shared by the portal suite and the swap test: the OpenAPI
// check of each exchange, the wire the portal's axios produced, a rebalance document read as the portal's
// Rebalance type and run through its tables' arithmetic, and the list order of the table's sort columns.
import { Dec } from "@ogs/domain";
import { expect } from "vitest";
import { parseExact } from "@ogs/test-support";
import { createResponseValidator } from "../../support/openapi-validator.js";
import { createPortalClient, type Exchange, type PortalClient } from "./portal-client.js";
import {
  formatCurrency,
  renderPortfolioRow,
  renderPositionTable,
  sortPositions,
  totalValue,
} from "./portal-display.js";
import { asPortal, PortalRebalance, type PortalRebalancePosition } from "./portal-types.js";

/** A portal client whose every answer is checked against the live /openapi.json. */
export async function portalFor(baseUrl: string): Promise<PortalClient> {
  const document = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as Parameters<
    typeof createResponseValidator
  >[0];
  const validate = createResponseValidator(document);
  return createPortalClient({
    baseUrl,
    onExchange: (e: Exchange) =>
      validate({
        method: e.method,
        path: e.path.split("?")[0]!,
        status: e.status,
        contentType: e.headers.get("content-type"),
        headers: e.headers,
        body: e.body,
      }),
  });
}

/** The request as the portal's axios instance sent it: JSON content type by default, a W3C traceparent. */
export function expectPortalRequest(exchange: Exchange): void {
  expect(exchange.requestHeaders["content-type"]).toBe("application/json");
  expect(exchange.requestHeaders.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  expect(String(exchange.requestHeaders["user-agent"])).toMatch(/^axios\/1\./);
}

const NUMERIC_COLUMNS = [
  "price",
  "original_quantity",
  "adjusted_quantity",
  "original_position_market_value",
  "adjusted_position_market_value",
  "target",
  "actual",
  "actual_drift",
] as const satisfies ReadonlyArray<keyof PortalRebalancePosition>;

/**
 * A rebalance as the portal reads it (GET /rebalance/{id} or a list item): its declared type; the
 * PortfolioTable and PositionTable texts without NaN; every numeric column sorting numerically both ways;
 * drift signs as the original's (negative below target); every number equal to `exact` (the same document
 * read with its digits) — so nothing was lost on the way through a float.
 */
export function checkPortalRebalance(value: unknown, exact: unknown, what: string) {
  const rebalance = asPortal(PortalRebalance, value, what);
  // RebalanceTable's portfolio count and PortfolioTable's footer.
  const texts = [rebalance.number_of_portfolios.toLocaleString(), formatCurrency(totalValue(rebalance.portfolios))];
  const exactPortfolios = (exact as { portfolios: Array<Record<string, unknown>> }).portfolios;
  rebalance.portfolios.forEach((portfolio, i) => {
    texts.push(...renderPortfolioRow(portfolio), ...renderPositionTable(portfolio.positions));
    const exactPortfolio = exactPortfolios[i]!;
    for (const field of ["market_value", "cash_before_rebalance", "cash_after_rebalance"] as const)
      expect(portfolio[field], `${what} ${portfolio.portfolio_id} ${field}`).toBe(Number(exactPortfolio[field]));
    const exactPositions = exactPortfolio.positions as Array<Record<string, string>>;
    portfolio.positions.forEach((position, j) => {
      const exactPosition = exactPositions[j]!;
      for (const field of NUMERIC_COLUMNS)
        expect(position[field], `${what} ${portfolio.portfolio_id} ${position.security_id} ${field}`).toBe(
          Number(exactPosition[field]),
        );
      expectOriginalDriftSign(exactPosition, `${what} ${portfolio.portfolio_id} ${position.security_id}`);
    });
    for (const column of NUMERIC_COLUMNS) {
      for (const direction of ["asc", "desc"] as const) {
        const values = sortPositions(portfolio.positions, column, direction).map((p) => p[column]);
        const numeric = [...values].sort((a, b) => (direction === "asc" ? a - b : b - a));
        expect(values, `${what} sorted by ${column} ${direction}`).toEqual(numeric);
      }
    }
  });
  expect(
    texts.filter((text) => text.includes("NaN")),
    `${what}: the portal's tables print NaN`,
  ).toEqual([]);
  return rebalance;
}

/** actual_drift = actual/target − 1 (SPEC §5.2 step 8): its sign is actual's side of the target; 0 without one. */
function expectOriginalDriftSign(position: Record<string, string>, what: string): void {
  const actual = new Dec(position.actual!);
  const target = new Dec(position.target!);
  const drift = new Dec(position.actual_drift!);
  if (target.isZero()) {
    expect(drift.isZero(), `${what}: actual_drift without a target`).toBe(true);
    return;
  }
  const expected = actual.div(target).minus(1);
  // Ours round to 4 decimals; the original's documents keep Python's 28 digits.
  expect(
    drift.minus(expected).abs().lte("0.00005"),
    `${what}: actual_drift ${drift.toString()} is not actual/target − 1`,
  ).toBe(true);
  if (actual.lt(target)) expect(drift.lte(0), `${what}: below target, drift ${drift.toString()}`).toBe(true);
  if (actual.gt(target)) expect(drift.gte(0), `${what}: above target, drift ${drift.toString()}`).toBe(true);
}

/** The same document with every number as its exact digits (a second, plain GET). */
export async function exactDocument(baseUrl: string, path: string): Promise<unknown> {
  return parseExact(await (await fetch(`${baseUrl}${path}`)).text());
}

type SortKey = "rebalance_date" | "rebalance_id" | "model_name" | "number_of_portfolios";
/** The table's four sortable columns (useRebalances: `-` for descending, nothing for ascending). */
export const REBALANCE_SORTS = (
  ["rebalance_date", "rebalance_id", "model_name", "number_of_portfolios"] as const
).flatMap((field) => [field, `-${field}`]);

/** Rebalances in the order `sortBy` asks for: each neighbour pair in order of its key. */
export function expectSortedBy(items: Array<Record<SortKey, string | number>>, sortBy: string): void {
  const descending = sortBy.startsWith("-");
  const field = sortBy.replace(/^[-+]/, "") as SortKey;
  const key = (item: Record<SortKey, string | number>) =>
    field === "rebalance_date" ? Date.parse(String(item[field])) : item[field];
  for (let i = 1; i < items.length; i += 1) {
    const [a, b] = [key(items[i - 1]!), key(items[i]!)];
    expect(descending ? a >= b : a <= b, `${sortBy}: ${String(a)} then ${String(b)}`).toBe(true);
  }
}
