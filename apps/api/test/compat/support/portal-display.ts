// The portal's own display arithmetic, copied expression for expression from kasbench/
// globeco-portfolio-management-portal src/components/tables/PortfolioTable.tsx (cash change and its
// percentage, the Total Value footer) and PositionTable.tsx (formatters, drift severity, the column sort,
// positionStats, quantity and value change), so the suite runs exactly what the portal runs over our answers.
// The render functions return every text the tables print: none may contain "NaN".
import type { PortalRebalancePortfolio, PortalRebalancePosition } from "./portal-types.js";

export const formatCurrency = (value: number): string =>
  new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: "USD",
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(value);

export const formatPercentage = (value: number, asPercentage = true): string =>
  asPercentage ? `${(value * 100).toFixed(3)}%` : value.toFixed(3);

export const formatQuantity = (value: number): string =>
  value.toLocaleString("en-US", { minimumFractionDigits: 0, maximumFractionDigits: 2 });

export function getDriftSeverity(drift: number): "low" | "medium" | "high" {
  const absDrift = Math.abs(drift);
  if (absDrift <= 0.005) return "low";
  if (absDrift <= 0.02) return "medium";
  return "high";
}

/** PortfolioTable getCashChange. */
export function getCashChange(portfolio: PortalRebalancePortfolio) {
  const change = portfolio.cash_after_rebalance - portfolio.cash_before_rebalance;
  return {
    amount: change,
    isPositive: change >= 0,
    percentage: portfolio.cash_before_rebalance !== 0 ? (change / portfolio.cash_before_rebalance) * 100 : 0,
  };
}

/** PortfolioTable footer: "Total Value". */
export const totalValue = (portfolios: PortalRebalancePortfolio[]) =>
  portfolios.reduce((sum, p) => sum + p.market_value, 0);

/** PositionTable positionStats. */
export function positionStats(positions: PortalRebalancePosition[]) {
  return {
    totalPositions: positions.length,
    totalAdjustedValue: positions.reduce((sum, p) => sum + p.adjusted_position_market_value, 0),
    totalOriginalValue: positions.reduce((sum, p) => sum + p.original_position_market_value, 0),
    averageDrift:
      positions.length > 0 ? positions.reduce((sum, p) => sum + Math.abs(p.actual_drift), 0) / positions.length : 0,
    highDriftCount: positions.filter((p) => getDriftSeverity(p.actual_drift) === "high").length,
  };
}

/** PositionTable's column sort: numeric when both values are numbers, else text (which sorts "10" before "9"). */
export function sortPositions(
  positions: PortalRebalancePosition[],
  field: keyof PortalRebalancePosition,
  direction: "asc" | "desc",
): PortalRebalancePosition[] {
  return [...positions].sort((a, b) => {
    const aValue = a[field];
    const bValue = b[field];
    if (typeof aValue === "number" && typeof bValue === "number") {
      return direction === "asc" ? aValue - bValue : bValue - aValue;
    }
    const aStr = String(aValue).toLowerCase();
    const bStr = String(bValue).toLowerCase();
    if (direction === "asc") return aStr < bStr ? -1 : aStr > bStr ? 1 : 0;
    return aStr > bStr ? -1 : aStr < bStr ? 1 : 0;
  });
}

/** Every text of a portfolio's row and of its expanded "Cash Impact" card. */
export function renderPortfolioRow(portfolio: PortalRebalancePortfolio): string[] {
  const cashChange = getCashChange(portfolio);
  return [
    formatCurrency(portfolio.market_value),
    formatCurrency(portfolio.cash_before_rebalance),
    formatCurrency(portfolio.cash_after_rebalance),
    formatCurrency(Math.abs(cashChange.amount)),
    `${cashChange.isPositive ? "+" : "-"}${Math.abs(cashChange.percentage).toFixed(2)}%`,
    `${cashChange.isPositive ? "+" : ""}${formatCurrency(cashChange.amount)}`,
    `${cashChange.percentage.toFixed(2)}% change`,
  ];
}

/** Every text of a position's row, the statistics header and the footer's "Value Change". */
export function renderPositionTable(positions: PortalRebalancePosition[]): string[] {
  const stats = positionStats(positions);
  const rows = positions.flatMap((position) => {
    const quantityChange = position.adjusted_quantity - position.original_quantity;
    const valueChange = position.adjusted_position_market_value - position.original_position_market_value;
    return [
      formatCurrency(position.price),
      formatQuantity(position.original_quantity),
      formatCurrency(position.original_position_market_value),
      formatQuantity(position.adjusted_quantity),
      Math.abs(quantityChange).toFixed(0),
      formatCurrency(valueChange),
      formatPercentage(position.target),
      formatPercentage(position.actual),
      getDriftSeverity(position.actual_drift).toUpperCase(),
      `${position.actual_drift >= 0 ? "+" : ""}${formatPercentage(position.actual_drift)}`,
      Math.abs(position.actual_drift) > 0.01 ? "Needs attention" : "Within tolerance",
    ];
  });
  return [
    String(stats.totalPositions),
    formatCurrency(stats.totalAdjustedValue),
    formatPercentage(stats.averageDrift),
    String(stats.highDriftCount),
    `Value Change: ${formatCurrency(stats.totalAdjustedValue - stats.totalOriginalValue)}`,
    ...rows,
  ];
}
