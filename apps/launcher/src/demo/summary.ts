// The demo's readable summary: per portfolio the market value, cash before and after, the trades, and the
// portfolio drift Σ|MV·t − value| / MV before and after the rebalance (SPEC §5.1), read from the rebalance
// document as the portal reads it (the original's field names; amounts are JSON numbers).
import { Dec, formatDecimal, roundTo } from "@ogs/domain";

export interface DemoPosition {
  target: number;
  original_position_market_value: number;
  adjusted_position_market_value: number;
  transaction_type: "BUY" | "SELL" | null;
}

export interface DemoPortfolio {
  portfolio_id: string;
  portfolio_name: string | null;
  status: string;
  error: string | null;
  market_value: number;
  cash_before_rebalance: number;
  cash_after_rebalance: number;
  positions: DemoPosition[];
}

/** A served amount as a decimal: a JSON number's shortest text is the digits the API wrote. */
const dec = (value: number) => new Dec(String(value));
const money = (value: number) => roundTo(dec(value), 2).toFixed(2);
const percent = (value: Dec) => `${roundTo(value.times(100), 2).toFixed(2)} %`;

/** Σ|MV·tᵢ − valueᵢ| / MV, the objective of SPEC §5.1 as a share of the market value. */
export function driftShare(
  positions: readonly DemoPosition[],
  marketValue: Dec,
  value: (p: DemoPosition) => number,
): Dec {
  if (!marketValue.gt(0)) return new Dec(0);
  const total = positions.reduce(
    (sum, p) =>
      sum.plus(
        marketValue
          .times(dec(p.target))
          .minus(dec(value(p)))
          .abs(),
      ),
    new Dec(0),
  );
  return total.div(marketValue);
}

/** Longest name shown; a longer one ends in "…" so a cut name never reads as another portfolio's. */
const NAME_WIDTH = 40;

function shortName(name: string): string {
  return name.length <= NAME_WIDTH ? name : `${name.slice(0, NAME_WIDTH - 1)}…`;
}

function row(portfolio: DemoPortfolio): string[] {
  const name = shortName(portfolio.portfolio_name ?? portfolio.portfolio_id);
  if (portfolio.status !== "completed") {
    return [
      name,
      money(portfolio.market_value),
      money(portfolio.cash_before_rebalance),
      "—",
      "—",
      `${portfolio.status}: ${portfolio.error ?? ""}`,
    ];
  }
  const mv = dec(portfolio.market_value);
  const buys = portfolio.positions.filter((p) => p.transaction_type === "BUY").length;
  const sells = portfolio.positions.filter((p) => p.transaction_type === "SELL").length;
  const before = driftShare(portfolio.positions, mv, (p) => p.original_position_market_value);
  const after = driftShare(portfolio.positions, mv, (p) => p.adjusted_position_market_value);
  return [
    name,
    money(portfolio.market_value),
    money(portfolio.cash_before_rebalance),
    money(portfolio.cash_after_rebalance),
    `${buys} buy / ${sells} sell`,
    `${percent(before)} → ${percent(after)}`,
  ];
}

/** A fixed-width table of every portfolio plus the total market value and the mean drift before and after. */
export function formatSummary(portfolios: readonly DemoPortfolio[]): string {
  const header = ["portfolio", "market value", "cash before", "cash after", "trades", "drift before → after"];
  const rows = portfolios.map(row);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((r) => r[column]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === 0 || column >= 4 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!),
      )
      .join("  ");
  const solved = portfolios.filter((p) => p.status === "completed" && p.market_value > 0);
  const mean = (value: (p: DemoPosition) => number) =>
    solved.length === 0
      ? new Dec(0)
      : solved
          .reduce((sum, p) => sum.plus(driftShare(p.positions, dec(p.market_value), value)), new Dec(0))
          .div(solved.length);
  const totalMv = portfolios.reduce((sum, p) => sum.plus(dec(p.market_value)), new Dec(0));
  return [
    line(header),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map(line),
    "",
    `${portfolios.length} portfolios, total market value ${formatDecimal(roundTo(totalMv, 2))}; mean drift ${percent(mean((p) => p.original_position_market_value))} before, ${percent(mean((p) => p.adjusted_position_market_value))} after.`,
  ].join("\n");
}
